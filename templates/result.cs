<?cs # result.cs: one analysis, answer first: the findings, a card per segment, the charts, the ten RFM segments, then how well the segments separate, data quality, file and parameters ?><?cs include:"header.cs" ?>
<h1><?cs var:fill(t.result.title, doc.file_info.name) ?></h1>
<p class="links"><a href="<?cs var:base ?>/history/<?cs var:id ?>">JSON</a>
 <a href="<?cs var:base ?>/history/<?cs var:id ?>/customers.csv"><?cs var:t.result.csv ?></a>
 <a href="<?cs var:base ?>/analyses/<?cs var:id ?>/delete<?cs var:lq ?>"><?cs var:t.result.delete ?></a></p>
<?cs if:subcount(others) > 0 ?><form class="compare" method="get" action="<?cs var:base ?>/analyses/compare"><?cs call:keep_lang() ?>
<input type="hidden" name="b" value="<?cs var:id ?>">
<label><?cs var:t.result.compare_with ?> <select name="a"><?cs each:o = others ?><option value="<?cs var:o._id ?>"><?cs var:o.file_info.name ?>, <?cs var:date(o.created_at) ?></option><?cs /each ?></select></label>
<button type="submit"><?cs var:t.result.compare ?></button></form><?cs /if ?>

<?cs if:findings.text ?><section aria-labelledby="findings-title" class="findings">
<h2 id="findings-title"><?cs var:t.result.findings ?></h2>
<p class="findings-text"><?cs var:findings.text ?></p>
</section>
<?cs /if ?>
<section aria-labelledby="segments-title">
<h2 id="segments-title"><?cs var:t.result.segments ?></h2>
<p><?cs var:fill3(t.result.means, num(global.Recency), num(global.Frequency), num(global.Monetary)) ?></p>
<div class="cards">
<?cs each:s = seg ?><article class="card">
<h3><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="<?cs var:s.colour ?>"/></svg> <?cs var:s.name ?></h3>
<p class="source"><?cs var:s.source ?></p>
<?cs if:s.note ?><p class="note"><?cs var:s.note ?></p><?cs /if ?>
<p><?cs var:s.description ?></p>
<p class="action"><strong><?cs var:t.result.action ?></strong> <?cs var:s.action ?></p>
<table>
<thead><tr><th scope="col"><?cs var:t.result.measure ?></th><th scope="col"><?cs var:t.result.seg_value ?></th><th scope="col"><?cs var:t.result.against ?></th></tr></thead>
<tbody>
<tr><th scope="row"><?cs var:t.result.customers_row ?></th><td><?cs var:num(s.count) ?></td><td><?cs var:fill(t.result.of_all, num(s.share)) ?></td></tr>
<?cs if:s.orders ?><tr><th scope="row"><?cs var:t.result.orders ?></th><td><?cs var:num(s.orders) ?></td><td><?cs var:fill(t.result.x_orders, num(s.Frequency_x)) ?></td></tr>
<tr><th scope="row"><?cs var:t.result.revenue ?></th><td><?cs var:num(s.revenue) ?></td><td><?cs var:fill(t.result.of_revenue, num(s.revenue_share)) ?></td></tr>
<tr><th scope="row"><?cs var:t.result.aov ?></th><td><?cs var:num(s.aov) ?></td><td><?cs var:fill(t.result.x_average, num(s.aov_x)) ?></td></tr>
<?cs /if ?><tr><th scope="row"><?cs var:t.result.recency_days ?><?cs if:s.Recency_med ?> <?cs var:t.result.mean_median ?><?cs /if ?></th><td><?cs var:num(s.Recency) ?><?cs if:s.Recency_med ?>; <?cs var:num(s.Recency_med) ?><?cs /if ?></td><td><?cs var:s.Recency_vs ?></td></tr>
<tr><th scope="row"><?cs var:t.rfm.frequency ?><?cs if:s.Frequency_med ?> <?cs var:t.result.mean_median ?><?cs /if ?></th><td><?cs var:num(s.Frequency) ?><?cs if:s.Frequency_med ?>; <?cs var:num(s.Frequency_med) ?><?cs /if ?></td><td><?cs var:s.Frequency_vs ?></td></tr>
<tr><th scope="row"><?cs var:t.rfm.monetary ?><?cs if:s.Monetary_med ?> <?cs var:t.result.mean_median ?><?cs /if ?></th><td><?cs var:num(s.Monetary) ?><?cs if:s.Monetary_med ?>; <?cs var:num(s.Monetary_med) ?><?cs /if ?></td><td><?cs var:s.Monetary_vs ?><?cs if:s.Monetary_x ?> (<?cs var:fill(t.result.x_spend, num(s.Monetary_x)) ?>)<?cs /if ?></td></tr>
</tbody>
</table>
</article>
<?cs /each ?></div>
</section>

<?cs include:"options.cs" ?>
<section aria-labelledby="charts-title">
<h2 id="charts-title"><?cs var:t.result.charts ?></h2>
<?cs if:charts.grid ?><figure>
<?cs uvar:charts.grid ?>
<figcaption><?cs var:t.result.grid_caption ?></figcaption>
</figure>
<?cs /if ?><?cs if:charts.revenue ?><figure>
<?cs uvar:charts.revenue ?>
<figcaption><?cs var:t.result.revenue_caption ?></figcaption>
</figure>
<?cs /if ?><figure>
<?cs uvar:charts.scatter ?>
<figcaption><?cs var:fill2(t.result.scatter_caption, num(charts.drawn), num(charts.total)) ?> <?cs var:t.result.scatter_csv_pre ?> <a href="<?cs var:base ?>/history/<?cs var:id ?>/customers.csv"><?cs var:t.result.scatter_csv ?></a>.</figcaption>
</figure>
<figure>
<?cs uvar:charts.sizes ?>
<figcaption><?cs var:t.result.sizes_caption ?></figcaption>
</figure>
<figure>
<?cs uvar:charts.profile ?>
<figcaption><?cs var:t.result.profile_caption ?></figcaption>
<table>
<thead><tr><th scope="col"><?cs var:t.result.segment ?></th><th scope="col"><?cs var:t.result.customers_row ?></th><th scope="col"><?cs var:t.result.recency_sd ?></th><th scope="col"><?cs var:t.result.frequency_sd ?></th><th scope="col"><?cs var:t.result.monetary_sd ?></th></tr></thead>
<tbody>
<?cs each:s = seg ?><tr><th scope="row"><?cs var:s.name ?></th><td><?cs var:num(s.count) ?> (<?cs var:num(s.share) ?>)</td><td><?cs var:num(s.zRecency) ?></td><td><?cs var:num(s.zFrequency) ?></td><td><?cs var:num(s.zMonetary) ?></td></tr>
<?cs /each ?></tbody>
</table>
</figure>
<?cs if:charts.kcurve ?><figure>
<?cs uvar:charts.kcurve ?>
<figcaption><?cs var:fill(t.result.kcurve_caption, doc.k_choice.reason) ?></figcaption>
<table>
<thead><tr><th scope="col">k</th><th scope="col"><?cs var:t.result.inertia_col ?></th><th scope="col"><?cs var:t.result.silhouette_col ?></th><th scope="col"><?cs var:t.result.smallest_col ?></th><th scope="col"><?cs var:t.result.chosen_col ?></th></tr></thead>
<tbody>
<?cs each:p = kcurve ?><tr><th scope="row"><?cs var:p.k ?></th><td><?cs var:num(p.inertia) ?></td><td><?cs var:num(p.silhouette) ?></td><td><?cs var:num(p.smallest) ?></td><td><?cs if:p.chosen ?><?cs var:t.result.yes ?><?cs /if ?></td></tr>
<?cs /each ?></tbody>
</table>
</figure>
<?cs /if ?></section>
<?cs if:subcount(rfm) > 0 ?><section aria-labelledby="rfm-title">
<h2 id="rfm-title"><?cs var:t.result.rfm_title ?></h2>
<p><?cs var:t.result.rfm_text ?></p>
<table class="rfm">
<thead><tr><th scope="col"><?cs var:t.result.segment ?></th><th scope="col"><?cs var:t.result.customers_row ?></th><th scope="col"><?cs var:t.result.orders ?></th><th scope="col"><?cs var:t.result.revenue ?></th><th scope="col"><?cs var:t.result.revenue_share ?></th><th scope="col"><?cs var:t.result.aov ?></th><th scope="col"><?cs var:t.result.recency_days ?></th><th scope="col"><?cs var:t.rfm.frequency ?></th><th scope="col"><?cs var:t.rfm.monetary ?></th><th scope="col"><?cs var:t.result.suggested ?></th></tr></thead>
<tbody>
<?cs each:x = rfm ?><tr><th scope="row"><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="<?cs var:x.colour ?>"/></svg> <?cs var:x.label ?></th><td><?cs var:num(x.count) ?> (<?cs var:num(x.share) ?>)</td><td><?cs var:num(x.orders) ?></td><td><?cs var:num(x.revenue) ?></td><td><?cs var:num(x.revenue_share) ?></td><td><?cs var:num(x.aov) ?></td><td><?cs var:num(x.Recency) ?></td><td><?cs var:num(x.Frequency) ?></td><td><?cs var:num(x.Monetary) ?></td><td><?cs var:x.action ?></td></tr>
<?cs /each ?></tbody>
</table>
</section>
<?cs /if ?>
<section aria-labelledby="metrics-title">
<h2 id="metrics-title"><?cs var:t.result.metrics ?></h2>
<p><?cs var:t.result.silhouette ?> <strong><?cs var:num(metrics.silhouette) ?></strong>. <?cs var:metrics.reading ?></p>
<table class="facts">
<tbody>
<tr><th scope="row"><?cs var:t.result.inertia ?></th><td><?cs var:num(doc.kmeans_metrics.inertia) ?></td></tr>
<tr><th scope="row"><?cs var:t.result.fi_recency ?></th><td><?cs var:num(metrics.fi.Recency) ?></td></tr>
<tr><th scope="row"><?cs var:t.result.fi_frequency ?></th><td><?cs var:num(metrics.fi.Frequency) ?></td></tr>
<tr><th scope="row"><?cs var:t.result.fi_monetary ?></th><td><?cs var:num(metrics.fi.Monetary) ?></td></tr>
</tbody>
</table>
</section>

<?cs if:subcount(quality) > 0 ?><section aria-labelledby="quality-title">
<h2 id="quality-title"><?cs var:t.result.quality ?></h2>
<table class="facts">
<tbody>
<?cs each:q = quality ?><tr><th scope="row"><?cs var:q.label ?></th><td><?cs if:subcount(q.items) > 0 ?><ul class="inline"><?cs each:x = q.items ?><li><?cs var:x.label ?>: <?cs var:num(x.value) ?></li><?cs /each ?></ul><?cs else ?><?cs var:num(q.value) ?><?cs /if ?></td></tr>
<?cs /each ?></tbody>
</table>
</section>
<?cs /if ?>

<section aria-labelledby="file-title">
<h2 id="file-title"><?cs var:t.result.file_params ?></h2>
<table class="facts">
<tbody>
<tr><th scope="row"><?cs var:t.result.name ?></th><td><?cs var:doc.file_info.name ?></td></tr>
<tr><th scope="row"><?cs var:t.result.size ?></th><td><?cs var:num(doc.file_info.size) ?></td></tr>
<tr><th scope="row"><?cs var:t.result.customers ?></th><td><?cs var:num(doc.file_info.rows_processed) ?></td></tr>
<tr><th scope="row"><?cs var:t.result.delimiter ?></th><td><?cs var:doc.file_info.separator ?></td></tr>
<tr><th scope="row"><?cs var:t.result.analysed ?></th><td><?cs var:date(doc.created_at) ?></td></tr>
<tr><th scope="row"><?cs var:t.result.k ?></th><td><?cs var:doc.k_used ?><?cs if:subcount(doc.k_curve) > 0 ?> <?cs var:fill(t.result.k_auto, doc.k_choice.reason) ?><?cs /if ?></td></tr>
</tbody>
</table>
<table class="facts">
<caption><?cs var:t.result.parameters ?></caption>
<tbody>
<?cs each:p = params ?><tr><th scope="row"><?cs var:p.label ?></th><td><?cs var:num(p.value) ?></td></tr>
<?cs /each ?></tbody>
</table>
</section>

<?cs include:"footer.cs" ?>
