<?cs # options.cs: what the analysis options did: the customers set aside, the caps, the RFM score bins (included by result.cs) ?>
<?cs if:doc.set_aside.count > 0 ?><section aria-labelledby="aside-title">
<h2 id="aside-title">Set aside: <?cs var:doc.set_aside.name ?></h2>
<p><?cs var:doc.set_aside.count ?> customers spent 0 or less once their returns are counted (<?cs var:doc.set_aside.rule ?>; together <?cs var:doc.set_aside.monetary_sum ?>). They are in no segment and not in the charts.
<a href="<?cs var:base ?>/history/<?cs var:id ?>/customers.csv?segment=Returned%20everything">Their list (CSV)</a></p>
</section>
<?cs /if ?><?cs if:doc.caps.percentile ?><section aria-labelledby="caps-title">
<h2 id="caps-title">Big customers capped</h2>
<p>For the clustering only, Frequency and Monetary were capped at their <?cs var:doc.caps.percentile ?>th percentile; the figures shown are the real ones.</p>
<table class="facts">
<thead><tr><th scope="col">Measure</th><th scope="col">Cap</th><th scope="col">Customers above it</th></tr></thead>
<tbody>
<tr><th scope="row">Frequency</th><td><?cs var:doc.caps.Frequency.cap ?></td><td><?cs var:doc.caps.Frequency.customers_capped ?></td></tr>
<tr><th scope="row">Monetary</th><td><?cs var:doc.caps.Monetary.cap ?></td><td><?cs var:doc.caps.Monetary.customers_capped ?></td></tr>
</tbody>
</table>
</section>
<?cs /if ?><?cs if:doc.rfm_bins.method ?><section aria-labelledby="bins-title">
<h2 id="bins-title">RFM score bins</h2>
<p><?cs if:doc.rfm_bins.method == "thresholds" ?>Scores by the thresholds given<?cs else ?>Scores by equal shares of customers (customers with the same value share a score)<?cs /if ?>; Recency is reversed: the most recent customers score highest.</p>
<table class="facts">
<thead><tr><th scope="col">Measure</th><th scope="col">Score</th><th scope="col">Values</th><th scope="col">Customers</th></tr></thead>
<tbody>
<?cs each:dim = doc.rfm_bins ?><?cs if:subcount(dim.scores) > 0 ?><?cs each:s = dim.scores ?><tr><th scope="row"><?cs name:dim ?></th><td><?cs var:s.score ?></td><td><?cs if:s.count > 0 ?><?cs var:s.min ?><?cs if:s.max != s.min ?> to <?cs var:s.max ?><?cs /if ?><?cs else ?>none<?cs /if ?></td><td><?cs var:s.count ?></td></tr>
<?cs /each ?><?cs /if ?><?cs /each ?></tbody>
</table>
</section>
<?cs /if ?>
