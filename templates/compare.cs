<?cs # compare.cs: analysis A (earlier) against B (later): who moved where ?><?cs include:"header.cs" ?>
<h1><?cs var:t.compare.title ?></h1>
<p><?cs var:t.compare.a ?> <a href="<?cs var:base ?>/analyses/<?cs var:a_id ?><?cs var:lq ?>"><?cs var:a.file_info.name ?></a>, <?cs var:fill2(t.compare.when, date(a.created_at), num(n.a)) ?>
<?cs var:t.compare.b ?> <a href="<?cs var:base ?>/analyses/<?cs var:b_id ?><?cs var:lq ?>"><?cs var:b.file_info.name ?></a>, <?cs var:fill2(t.compare.when, date(b.created_at), num(n.b)) ?></p>
<p class="links"><a href="<?cs var:base ?>/history/<?cs var:a_id ?>/compare/<?cs var:b_id ?>">JSON</a>
 <a href="<?cs var:base ?>/history/<?cs var:a_id ?>/compare/<?cs var:b_id ?>/customers.csv"><?cs var:t.compare.csv ?></a></p>
<?cs if:n.none_in_common ?><p class="notice"><strong><?cs var:t.compare.none_title ?></strong> <?cs var:t.compare.none_text ?></p>
<?cs else ?><p><?cs var:fill3(t.compare.counts, num(n.both), num(n.new), num(n.gone)) ?></p><?cs /if ?>
<section aria-labelledby="moves-title">
<h2 id="moves-title"><?cs var:t.compare.moves ?></h2>
<?cs if:subcount(moves) == 0 ?><p><?cs var:t.compare.no_moves ?></p><?cs else ?><ul>
<?cs each:m = moves ?><li><?cs var:num(m.count) ?> <?cs var:m.from ?> (<?cs var:num(m.share) ?>) <?cs var:t.compare.became ?> <?cs var:m.to ?></li>
<?cs /each ?></ul><?cs /if ?>
</section>
<section aria-labelledby="matrix-title">
<h2 id="matrix-title"><?cs var:t.compare.matrix ?></h2>
<figure><?cs uvar:charts.segments ?>
<figcaption><?cs var:t.compare.matrix_caption ?></figcaption></figure>
</section>
<section aria-labelledby="seg-title">
<h2 id="seg-title"><?cs var:t.compare.per_segment ?></h2>
<table>
<thead><tr><th scope="col"><?cs var:t.result.segment ?></th><th scope="col"><?cs var:t.compare.col_customers_a ?></th><th scope="col"><?cs var:t.compare.col_in_b ?></th><th scope="col"><?cs var:t.compare.col_change ?></th><th scope="col"><?cs var:t.compare.col_revenue_a ?></th><th scope="col"><?cs var:t.compare.col_in_b ?></th><th scope="col"><?cs var:t.compare.col_change ?></th></tr></thead>
<tbody>
<?cs each:s = segs ?><tr><th scope="row"><?cs var:s.name ?></th><td><?cs var:num(s.count_a) ?></td><td><?cs var:num(s.count_b) ?></td><td><?cs var:num(s.count_change) ?></td><td><?cs var:num(s.revenue_a) ?></td><td><?cs var:num(s.revenue_b) ?></td><td><?cs var:num(s.revenue_change) ?></td></tr>
<?cs /each ?></tbody>
</table>
</section>
<section aria-labelledby="clu-title">
<h2 id="clu-title"><?cs var:t.compare.clusters ?></h2>
<p><?cs var:t.compare.clusters_text ?></p>
<table>
<thead><tr><th scope="col"><?cs var:t.compare.col_cluster_b ?></th><th scope="col"><?cs var:t.compare.col_matches ?></th><th scope="col"><?cs var:t.compare.col_distance ?></th></tr></thead>
<tbody>
<?cs each:m = match ?><tr><td><?cs var:m.b ?>: <?cs var:m.b_name ?></td><td><?cs if:m.a_name ?><?cs var:m.a ?>: <?cs var:m.a_name ?><?cs else ?><?cs var:t.compare.new ?><?cs /if ?></td><td><?cs var:num(m.dist) ?></td></tr>
<?cs /each ?></tbody>
</table>
<figure><?cs uvar:charts.clusters ?>
<figcaption><?cs var:t.compare.clusters_caption ?></figcaption></figure>
</section>
<?cs include:"footer.cs" ?>
