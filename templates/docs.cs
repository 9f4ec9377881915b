<?cs # docs.cs: the API reference, from openapi.json (page_docs.c): routes, parameters, request fields, responses, a curl command each, then the schemas ?><?cs include:"header.cs" ?>
<h1><?cs var:t.docs.title ?>: <?cs var:docs.title ?> <?cs var:docs.version ?></h1>
<p><?cs var:fill3(t.docs.intro, "/openapi.json", docs.openapi, docs.base) ?> <a href="<?cs var:base ?>/openapi.json"><?cs var:t.docs.openapi_link ?></a></p>
<p><?cs var:docs.description ?></p>
<p><?cs var:t.docs.ids ?></p>
<nav aria-labelledby="routes-title"><h2 id="routes-title"><?cs var:t.docs.routes ?></h2><ul>
<?cs each:op = docs.route ?><li><a href="#<?cs var:op.anchor ?>"><code><?cs var:op.method ?> <?cs var:op.path ?></code></a> <?cs var:op.summary ?></li>
<?cs /each ?></ul></nav>
<?cs each:op = docs.route ?><section class="route" id="<?cs var:op.anchor ?>" aria-labelledby="<?cs var:op.anchor ?>-title">
<h2 id="<?cs var:op.anchor ?>-title"><code><?cs var:op.method ?> <?cs var:op.path ?></code></h2>
<p><strong><?cs var:op.summary ?></strong><?cs if:op.description ?> <?cs var:op.description ?><?cs /if ?></p>
<?cs if:subcount(op.params) > 0 ?><table>
<caption><?cs var:t.docs.parameters ?></caption>
<thead><tr><th scope="col"><?cs var:t.docs.name ?></th><th scope="col"><?cs var:t.docs.in ?></th><th scope="col"><?cs var:t.docs.type ?></th><th scope="col"><?cs var:t.docs.required ?></th><th scope="col"><?cs var:t.docs.meaning ?></th></tr></thead>
<tbody>
<?cs each:p = op.params ?><tr><th scope="row"><code><?cs var:p.name ?></code></th><td><?cs var:p.in ?></td><td><?cs var:p.type ?></td><td><?cs if:p.required ?><?cs var:t.docs.yes ?><?cs /if ?></td><td><?cs var:p.description ?></td></tr>
<?cs /each ?></tbody>
</table><?cs /if ?>
<?cs if:op.body_type ?><table>
<caption><?cs var:t.docs.body ?> (<code><?cs var:op.body_type ?></code>)</caption>
<thead><tr><th scope="col"><?cs var:t.docs.name ?></th><th scope="col"><?cs var:t.docs.type ?></th><th scope="col"><?cs var:t.docs.required ?></th><th scope="col"><?cs var:t.docs.meaning ?></th></tr></thead>
<tbody>
<?cs each:f = op.body ?><tr><th scope="row"><code><?cs var:f.name ?></code></th><td><?cs var:f.type ?></td><td><?cs if:f.required ?><?cs var:t.docs.yes ?><?cs /if ?></td><td><?cs var:f.description ?><?cs if:f.default ?> (<?cs var:t.docs.default ?> <code><?cs var:f.default ?></code>)<?cs /if ?></td></tr>
<?cs /each ?></tbody>
</table><?cs /if ?>
<table>
<caption><?cs var:t.docs.responses ?></caption>
<thead><tr><th scope="col"><?cs var:t.docs.status ?></th><th scope="col"><?cs var:t.docs.content ?></th><th scope="col"><?cs var:t.docs.meaning ?></th></tr></thead>
<tbody>
<?cs each:s = op.responses ?><tr><th scope="row"><?cs var:s.code ?></th><td><?cs if:s.type ?><code><?cs var:s.type ?></code><?cs if:s.schema ?> <?cs if:s.schema != "object" ?><a href="#schema-<?cs var:s.schema ?>"><?cs var:s.schema ?></a><?cs else ?><?cs var:s.schema ?><?cs /if ?><?cs /if ?><?cs /if ?></td><td><?cs var:s.description ?></td></tr>
<?cs /each ?></tbody>
</table>
<p><?cs var:t.docs.example ?></p>
<pre><code><?cs var:op.curl ?></code></pre>
</section>
<?cs /each ?>
<section aria-labelledby="schemas-title">
<h2 id="schemas-title"><?cs var:t.docs.schemas ?></h2>
<?cs each:s = docs.schema ?><table id="schema-<?cs var:s.name ?>">
<caption><code><?cs var:s.name ?></code><?cs if:s.description ?>: <?cs var:s.description ?><?cs /if ?></caption>
<thead><tr><th scope="col"><?cs var:t.docs.field ?></th><th scope="col"><?cs var:t.docs.type ?></th><th scope="col"><?cs var:t.docs.meaning ?></th></tr></thead>
<tbody>
<?cs each:f = s.fields ?><tr><th scope="row"><code><?cs var:f.name ?></code></th><td><?cs var:f.type ?></td><td><?cs var:f.description ?></td></tr>
<?cs /each ?></tbody>
</table>
<?cs /each ?></section>
<?cs include:"footer.cs" ?>
