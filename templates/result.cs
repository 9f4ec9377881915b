<?cs # result.cs: one analysis: file and data quality, metrics, a card per segment, the charts ?><?cs include:"header.cs" ?>
<h1>Analysis of <?cs var:doc.file_info.name ?></h1>
<p class="links"><a href="<?cs var:base ?>/history/<?cs var:id ?>">JSON</a>
 <a href="<?cs var:base ?>/history/<?cs var:id ?>/customers.csv">Customers (CSV)</a>
 <a href="<?cs var:base ?>/analyses/<?cs var:id ?>/delete">Delete</a></p>
<?cs if:subcount(others) > 0 ?><form class="compare" method="get" action="<?cs var:base ?>/analyses/compare">
<input type="hidden" name="b" value="<?cs var:id ?>">
<label>Compare with an earlier analysis <select name="a"><?cs each:o = others ?><option value="<?cs var:o._id ?>"><?cs var:o.file_info.name ?>, <?cs var:o.created_at ?></option><?cs /each ?></select></label>
<button type="submit">Compare</button></form><?cs /if ?>

<section aria-labelledby="file-title">
<h2 id="file-title">File</h2>
<table class="facts">
<tbody>
<tr><th scope="row">Name</th><td><?cs var:doc.file_info.name ?></td></tr>
<tr><th scope="row">Size (bytes)</th><td><?cs var:doc.file_info.size ?></td></tr>
<tr><th scope="row">Customers segmented</th><td><?cs var:doc.file_info.rows_processed ?></td></tr>
<tr><th scope="row">Delimiter</th><td><?cs var:doc.file_info.separator ?></td></tr>
<tr><th scope="row">Analysed (UTC)</th><td><?cs var:doc.created_at ?></td></tr>
<tr><th scope="row">Segments (k)</th><td><?cs var:doc.k_used ?><?cs if:subcount(doc.k_curve) > 0 ?> (chosen automatically: <?cs var:doc.k_choice.reason ?>)<?cs /if ?></td></tr>
</tbody>
</table>
<table class="facts">
<caption>Parameters</caption>
<tbody>
<?cs each:p = params ?><tr><th scope="row"><?cs var:p.label ?></th><td><?cs var:p.value ?></td></tr>
<?cs /each ?></tbody>
</table>
</section>

<?cs if:subcount(quality) > 0 ?><section aria-labelledby="quality-title">
<h2 id="quality-title">Data quality</h2>
<table class="facts">
<tbody>
<?cs each:q = quality ?><tr><th scope="row"><?cs var:q.label ?></th><td><?cs if:subcount(q.items) > 0 ?><ul class="inline"><?cs each:x = q.items ?><li><?cs var:x.label ?>: <?cs var:x.value ?></li><?cs /each ?></ul><?cs else ?><?cs var:q.value ?><?cs /if ?></td></tr>
<?cs /each ?></tbody>
</table>
</section>
<?cs /if ?>

<section aria-labelledby="metrics-title">
<h2 id="metrics-title">How well the segments separate</h2>
<p>Silhouette score: <strong><?cs var:metrics.silhouette ?></strong>. <?cs var:metrics.reading ?></p>
<table class="facts">
<tbody>
<tr><th scope="row">Inertia (within-segment spread)</th><td><?cs var:doc.kmeans_metrics.inertia ?></td></tr>
<tr><th scope="row">Share of separation from Recency</th><td><?cs var:metrics.fi.Recency ?></td></tr>
<tr><th scope="row">Share of separation from Frequency</th><td><?cs var:metrics.fi.Frequency ?></td></tr>
<tr><th scope="row">Share of separation from Monetary</th><td><?cs var:metrics.fi.Monetary ?></td></tr>
</tbody>
</table>
</section>

<section aria-labelledby="segments-title">
<h2 id="segments-title">Segments</h2>
<p>Means of all customers: Recency <?cs var:global.Recency ?> days, Frequency <?cs var:global.Frequency ?>, Monetary <?cs var:global.Monetary ?>.</p>
<div class="cards">
<?cs each:s = seg ?><article class="card">
<h3><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="<?cs var:s.colour ?>"/></svg> <?cs var:s.name ?></h3>
<p class="source"><?cs var:s.source ?></p>
<p><?cs var:s.description ?></p>
<p class="action"><strong>Action:</strong> <?cs var:s.action ?></p>
<table>
<thead><tr><th scope="col">Measure</th><th scope="col">Segment mean</th><th scope="col">Against all customers</th></tr></thead>
<tbody>
<tr><th scope="row">Customers</th><td><?cs var:s.count ?></td><td><?cs var:s.share ?> of all</td></tr>
<tr><th scope="row">Recency (days)</th><td><?cs var:s.Recency ?></td><td><?cs var:s.Recency_vs ?></td></tr>
<tr><th scope="row">Frequency</th><td><?cs var:s.Frequency ?></td><td><?cs var:s.Frequency_vs ?></td></tr>
<tr><th scope="row">Monetary</th><td><?cs var:s.Monetary ?></td><td><?cs var:s.Monetary_vs ?></td></tr>
</tbody>
</table>
</article>
<?cs /each ?></div>
</section>

<?cs include:"options.cs" ?>
<section aria-labelledby="charts-title">
<h2 id="charts-title">Charts</h2>
<figure>
<?cs uvar:charts.scatter ?>
<figcaption>Monetary against Frequency, both on log scales, one colour per segment: <?cs var:charts.drawn ?> of <?cs var:charts.total ?> customers drawn (an even sample of every segment). The full table is in the <a href="<?cs var:base ?>/history/<?cs var:id ?>/customers.csv">CSV export</a>.</figcaption>
</figure>
<figure>
<?cs uvar:charts.sizes ?>
<figcaption>Customers per segment.</figcaption>
</figure>
<figure>
<?cs uvar:charts.profile ?>
<figcaption>Each segment's mean Recency, Frequency and Monetary in standard deviations from the mean of all customers.</figcaption>
<table>
<thead><tr><th scope="col">Segment</th><th scope="col">Customers</th><th scope="col">Recency (sd)</th><th scope="col">Frequency (sd)</th><th scope="col">Monetary (sd)</th></tr></thead>
<tbody>
<?cs each:s = seg ?><tr><th scope="row"><?cs var:s.name ?></th><td><?cs var:s.count ?> (<?cs var:s.share ?>)</td><td><?cs var:s.zRecency ?></td><td><?cs var:s.zFrequency ?></td><td><?cs var:s.zMonetary ?></td></tr>
<?cs /each ?></tbody>
</table>
</figure>
<?cs if:charts.kcurve ?><figure>
<?cs uvar:charts.kcurve ?>
<figcaption>Silhouette for each k tried. Why this k: <?cs var:doc.k_choice.reason ?></figcaption>
<table>
<thead><tr><th scope="col">k</th><th scope="col">Inertia</th><th scope="col">Silhouette</th><th scope="col">Smallest segment</th><th scope="col">Chosen</th></tr></thead>
<tbody>
<?cs each:p = kcurve ?><tr><th scope="row"><?cs var:p.k ?></th><td><?cs var:p.inertia ?></td><td><?cs var:p.silhouette ?></td><td><?cs var:p.smallest ?></td><td><?cs if:p.chosen ?>yes<?cs /if ?></td></tr>
<?cs /each ?></tbody>
</table>
</figure>
<?cs /if ?></section>
<?cs include:"footer.cs" ?>
