import { z } from 'zod';
import { AbsoluteUrl, defineTemplate, LearnerName, Line, Paragraph, Title } from './define';

export const submissionReview = defineTemplate({
  name: 'submission_review',
  category: 'submissions',
  timing: 'deferrable',
  schema: z.object({
    name: LearnerName,
    resource_title: Title,
    file_name: Line(255),
    approved: z.boolean(),
    grade: z.enum(['pass', 'fail']),
    comments: Paragraph.nullable(),
    reviewer_name: LearnerName.nullable(),
    resource_url: AbsoluteUrl,
  }),
  subject:
    '{{#if approved}}Approved: {{resource_title}}{{else}}Please resubmit: {{resource_title}}{{/if}}',
  html: `{{#if approved}}
{{> heading text=(concat "Approved: " resource_title)}}
<p style="margin:0 0 16px;">Hello {{name}}, your submission “{{file_name}}” for {{resource_title}} was reviewed and approved (grade: {{grade}}).</p>
{{else}}
{{> heading text=(concat "Please resubmit: " resource_title)}}
<p style="margin:0 0 16px;">Hello {{name}}, your submission “{{file_name}}” for {{resource_title}} was reviewed and needs another try (grade: {{grade}}). You can upload a new version at any time.</p>
{{/if}}
{{#if comments}}
{{#> panel}}
<p style="margin:0 0 8px;font-weight:bold;">{{#if reviewer_name}}Comments from {{reviewer_name}}{{else}}Reviewer’s comments{{/if}}</p>
{{#each (lines comments)}}
<p style="margin:0 0 8px;">{{this}}</p>
{{/each}}
{{/panel}}
{{/if}}
{{#if approved}}
{{> button url=resource_url label="See your progress"}}
{{else}}
{{> button url=resource_url label="Upload a new version"}}
{{/if}}
`,
  text: `{{#if approved}}
Approved: {{resource_title}}

Hello {{name}}, your submission “{{file_name}}” for {{resource_title}} was reviewed and approved (grade: {{grade}}).
{{else}}
Please resubmit: {{resource_title}}

Hello {{name}}, your submission “{{file_name}}” for {{resource_title}} was reviewed and needs another try (grade: {{grade}}). You can upload a new version at any time.
{{/if}}
{{#if comments}}

{{#if reviewer_name}}Comments from {{reviewer_name}}{{else}}Reviewer’s comments{{/if}}:
{{comments}}
{{/if}}

{{#if approved}}See your progress{{else}}Upload a new version{{/if}}: {{resource_url}}
`,
});
