import Handlebars from 'handlebars';
import type { StoredMessage } from './store';

const source = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pathwise mail sink ({{count}})</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1f2937; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .5rem; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
a { color: #1d4ed8; }
code { font-size: .85em; }
</style>
</head>
<body>
<h1>Pathwise mail sink</h1>
<p>{{count}} message(s) received over SMTP at <code>{{smtp}}</code>, newest first. JSON: <a href="/api/messages">/api/messages</a>.</p>
{{#if messages.length}}
<table>
<thead><tr><th scope="col">Received</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Parts</th><th scope="col">Unsubscribe</th></tr></thead>
<tbody>
{{#each messages}}
<tr>
<td>{{received_at}}</td>
<td>{{to}}</td>
<td>{{subject}}</td>
<td>{{#if html}}<a href="/messages/{{id}}/html">HTML</a> {{/if}}{{#if text}}<a href="/messages/{{id}}/text">text</a> {{/if}}<a href="/messages/{{id}}/raw">raw</a> <a href="/api/messages/{{id}}">JSON</a></td>
<td>{{#if unsubscribe}}<code>{{unsubscribe}}</code>{{else}}none{{/if}}</td>
</tr>
{{/each}}
</tbody>
</table>
{{else}}
<p>Nothing yet.</p>
{{/if}}
</body>
</html>
`;

const env = Handlebars.create();
const template = env.compile(source, { strict: true, knownHelpersOnly: true });

/** The list page: every value HTML-escaped by Handlebars. */
export function listPage(messages: readonly StoredMessage[], smtp: string): string {
  return template({
    count: messages.length,
    smtp,
    messages: [...messages].reverse().map((m) => ({
      id: m.id,
      received_at: m.received_at,
      to: m.to ?? m.envelope.rcpt_to.join(', '),
      subject: m.subject ?? '(no subject)',
      html: m.html !== null,
      text: m.text !== null,
      unsubscribe: m.headers['list-unsubscribe']?.[0] ?? null,
    })),
  });
}
