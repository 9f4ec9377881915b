<?cs # compare.cs: analysis A (earlier) against B (later): who moved where ?><?cs include:"header.cs" ?>
<h1>What changed between two analyses</h1>
<p>A (earlier): <a href="<?cs var:base ?>/analyses/<?cs var:a_id ?>"><?cs var:a.file_info.name ?></a>, <?cs var:a.created_at ?>, <?cs var:n.a ?> customers.
B (later): <a href="<?cs var:base ?>/analyses/<?cs var:b_id ?>"><?cs var:b.file_info.name ?></a>, <?cs var:b.created_at ?>, <?cs var:n.b ?> customers.</p>
<p class="links"><a href="<?cs var:base ?>/history/<?cs var:a_id ?>/compare/<?cs var:b_id ?>">JSON</a>
 <a href="<?cs var:base ?>/history/<?cs var:a_id ?>/compare/<?cs var:b_id ?>/customers.csv">Customers in A and B (CSV)</a></p>
<?cs if:n.none_in_common ?><p class="notice"><strong>No customer is in both analyses.</strong> Every customer of B is new and every customer of A is gone: the files may cover different shops, or customer numbers changed.</p>
<?cs else ?><p><?cs var:n.both ?> customers are in both; <?cs var:n.new ?> are new in B and <?cs var:n.gone ?> from A are gone.</p><?cs /if ?>
<section aria-labelledby="moves-title">
<h2 id="moves-title">Biggest movements</h2>
<?cs if:subcount(moves) == 0 ?><p>No customer changed RFM segment.</p><?cs else ?><ul>
<?cs each:m = moves ?><li><?cs var:m.count ?> <?cs var:m.from ?> (<?cs var:m.share ?>) became <?cs var:m.to ?></li>
<?cs /each ?></ul><?cs /if ?>
</section>
<section aria-labelledby="matrix-title">
<h2 id="matrix-title">RFM segments: from A (rows) to B (columns)</h2>
<figure><?cs uvar:charts.segments ?>
<figcaption>Each row is a segment in A; the darker a cell, the larger the share of that row. Green: stayed in the same segment. The last column counts customers of A missing from B, the last row customers new in B.</figcaption></figure>
</section>
<section aria-labelledby="seg-title">
<h2 id="seg-title">Per segment</h2>
<table>
<thead><tr><th scope="col">Segment</th><th scope="col">Customers in A</th><th scope="col">in B</th><th scope="col">Change</th><th scope="col">Revenue in A</th><th scope="col">in B</th><th scope="col">Change</th></tr></thead>
<tbody>
<?cs each:s = segs ?><tr><th scope="row"><?cs var:s.name ?></th><td><?cs var:s.count_a ?></td><td><?cs var:s.count_b ?></td><td><?cs var:s.count_change ?></td><td><?cs var:s.revenue_a ?></td><td><?cs var:s.revenue_b ?></td><td><?cs var:s.revenue_change ?></td></tr>
<?cs /each ?></tbody>
</table>
</section>
<section aria-labelledby="clu-title">
<h2 id="clu-title">Clusters</h2>
<p>Each cluster of B is matched to the cluster of A with the nearest centre (mean Recency, Frequency and Monetary in A's standard deviations, best overall assignment). A cluster that moved more than one standard deviation and more than half-way to A's next cluster is new.</p>
<table>
<thead><tr><th scope="col">Cluster in B</th><th scope="col">Matches in A</th><th scope="col">Distance</th></tr></thead>
<tbody>
<?cs each:m = match ?><tr><td><?cs var:m.b ?>: <?cs var:m.b_name ?></td><td><?cs if:m.a_name ?><?cs var:m.a ?>: <?cs var:m.a_name ?><?cs else ?>new<?cs /if ?></td><td><?cs var:m.dist ?></td></tr>
<?cs /each ?></tbody>
</table>
<figure><?cs uvar:charts.clusters ?>
<figcaption>Customers from A's clusters (rows) to B's clusters (columns); green: the cluster of B matched to that row's cluster.</figcaption></figure>
</section>
<?cs include:"footer.cs" ?>
