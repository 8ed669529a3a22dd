// A self-contained HTML page that renders /v1/openapi.json: one section per operation with its
// roles, parameters, request schema and responses. No CDN: it must work offline.
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Self-service seller billing — API</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d232a; }
  h2 { font-size: 1rem; margin: 2rem 0 .25rem; font-family: ui-monospace, monospace; }
  .method { display: inline-block; min-width: 4.5rem; text-transform: uppercase; color: #0a5bd3; }
  .roles { color: #5b6570; }
  pre { background: #f4f6f8; padding: .75rem; overflow-x: auto; font-size: 13px; }
  table { border-collapse: collapse; } td, th { padding: .15rem .75rem .15rem 0; text-align: left; vertical-align: top; }
</style>
</head>
<body>
<h1>Self-service seller billing — API</h1>
<p id="intro">Loading <a href="openapi.json">openapi.json</a>…</p>
<main id="operations"></main>
<script>
  const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  fetch('openapi.json').then((response) => response.json()).then((spec) => {
    document.getElementById('intro').innerHTML = escape(spec.info.description) + ' — <a href="openapi.json">openapi.json</a>';
    const sections = [];
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const params = op.parameters.map((p) => '<tr><td><code>' + escape(p.name) + '</code></td><td>' + p.in + (p.required ? ', required' : '') + '</td><td><code>' + escape(JSON.stringify(p.schema)) + '</code></td></tr>').join('');
        const body = op.requestBody ? '<pre>' + escape(JSON.stringify(op.requestBody.content['application/json'].schema, null, 2)) + '</pre>' : '';
        const responses = Object.entries(op.responses).map(([status, r]) => '<tr><td>' + status + '</td><td>' + escape(r.description) + '</td></tr>').join('');
        sections.push('<section><h2><span class="method">' + method + '</span>' + escape(path) + '</h2><p>' + escape(op.summary) + ' <span class="roles">' + escape(op.description) + '</span></p>' + (params ? '<table>' + params + '</table>' : '') + body + '<table>' + responses + '</table></section>');
      }
    }
    document.getElementById('operations').innerHTML = sections.join('');
  });
</script>
</body>
</html>
`;
