import { z } from 'zod';
import {
  AbsoluteUrl,
  defineTemplate,
  LearnerName,
  Line,
  LocalDate,
  Timezone,
  Title,
} from './define';
import { palette } from './layout';

const SkillLevel = z.number().min(1).max(10);

export const weeklyProgress = defineTemplate({
  name: 'weekly_progress',
  category: 'progress_reports',
  timing: 'deferrable',
  schema: z.object({
    name: LearnerName,
    timezone: Timezone,
    /** The learner's local week the report covers, Monday to Sunday. */
    week: z.object({ start: LocalDate, end: LocalDate }),
    stats: z.object({
      resources_completed: z.number().int().min(0),
      minutes_learned: z.number().int().min(0),
      quizzes_taken: z.number().int().min(0),
      average_quiz_score: z.number().min(0).max(100).nullable(),
      current_streak_days: z.number().int().min(0),
      pathways_in_progress: z.number().int().min(0),
    }),
    improvements: z
      .array(z.object({ skill: Line(80), from_level: SkillLevel, to_level: SkillLevel }))
      .max(10),
    recommendations: z
      .array(
        z.object({
          title: Title,
          reason: Line(300),
          url: AbsoluteUrl,
          estimated_minutes: z.number().int().min(1),
        }),
      )
      .max(5),
    dashboard_url: AbsoluteUrl,
  }),
  subject:
    'Your week on {{brand.name}}: {{plural stats.resources_completed "resource" "resources"}} completed',
  html: `{{> heading text=(concat "Your week, " name)}}
<p style="margin:0 0 16px;">Here is your progress from {{day week.start}} to {{day week.end}}.</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;">
<tr>
<td width="33%" style="padding:12px;background-color:${palette.panel};border:4px solid ${palette.surface};vertical-align:top;"><p style="margin:0;font-size:24px;font-weight:bold;">{{number stats.resources_completed}}</p><p style="margin:0;">resources completed</p></td>
<td width="33%" style="padding:12px;background-color:${palette.panel};border:4px solid ${palette.surface};vertical-align:top;"><p style="margin:0;font-size:24px;font-weight:bold;">{{duration stats.minutes_learned}}</p><p style="margin:0;">spent learning</p></td>
<td width="33%" style="padding:12px;background-color:${palette.panel};border:4px solid ${palette.surface};vertical-align:top;"><p style="margin:0;font-size:24px;font-weight:bold;">{{number stats.current_streak_days}}</p><p style="margin:0;">day streak</p></td>
</tr>
<tr>
<td width="33%" style="padding:12px;background-color:${palette.panel};border:4px solid ${palette.surface};vertical-align:top;"><p style="margin:0;font-size:24px;font-weight:bold;">{{number stats.quizzes_taken}}</p><p style="margin:0;">quizzes taken</p></td>
<td width="33%" style="padding:12px;background-color:${palette.panel};border:4px solid ${palette.surface};vertical-align:top;"><p style="margin:0;font-size:24px;font-weight:bold;">{{#if (present stats.average_quiz_score)}}{{percent stats.average_quiz_score}}{{else}}–{{/if}}</p><p style="margin:0;">average quiz score</p></td>
<td width="33%" style="padding:12px;background-color:${palette.panel};border:4px solid ${palette.surface};vertical-align:top;"><p style="margin:0;font-size:24px;font-weight:bold;">{{number stats.pathways_in_progress}}</p><p style="margin:0;">pathways in progress</p></td>
</tr>
</table>
<h2 style="margin:24px 0 8px;font-size:18px;color:${palette.heading};">Improvements</h2>
{{#if improvements.length}}
<ul style="margin:0 0 16px;padding-left:20px;">
{{#each improvements}}
<li style="margin:0 0 4px;">{{skill}}: level {{number from_level}} → {{number to_level}}</li>
{{/each}}
</ul>
{{else}}
<p style="margin:0 0 16px;">No skill level changed this week. A quiz or two will show where you stand.</p>
{{/if}}
<h2 style="margin:24px 0 8px;font-size:18px;color:${palette.heading};">Recommended next</h2>
{{#if recommendations.length}}
<ul style="margin:0 0 16px;padding-left:20px;">
{{#each recommendations}}
<li style="margin:0 0 8px;">{{> link url=url label=title}} ({{duration estimated_minutes}}): {{reason}}</li>
{{/each}}
</ul>
{{else}}
<p style="margin:0 0 16px;">Nothing new to recommend: carry on where you left off.</p>
{{/if}}
{{> button url=dashboard_url label="Open your dashboard"}}
`,
  text: `Your week, {{name}}

Here is your progress from {{day week.start}} to {{day week.end}}.

* Resources completed: {{number stats.resources_completed}}
* Time spent learning: {{duration stats.minutes_learned}}
* Day streak: {{number stats.current_streak_days}}
* Quizzes taken: {{number stats.quizzes_taken}}
* Average quiz score: {{#if (present stats.average_quiz_score)}}{{percent stats.average_quiz_score}}{{else}}no quiz this week{{/if}}
* Pathways in progress: {{number stats.pathways_in_progress}}

Improvements
{{#if improvements.length}}
{{#each improvements}}
* {{skill}}: level {{number from_level}} → {{number to_level}}
{{/each}}
{{else}}
No skill level changed this week. A quiz or two will show where you stand.
{{/if}}

Recommended next
{{#if recommendations.length}}
{{#each recommendations}}
* {{title}} ({{duration estimated_minutes}}): {{reason}}
  {{url}}
{{/each}}
{{else}}
Nothing new to recommend: carry on where you left off.
{{/if}}

Open your dashboard: {{dashboard_url}}
`,
});
