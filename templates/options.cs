<?cs # options.cs: what the analysis options did: the customers set aside, the caps, the RFM score bins (included by result.cs) ?>
<?cs if:doc.set_aside.count > 0 ?><section aria-labelledby="aside-title">
<h2 id="aside-title"><?cs var:fill(t.options.aside_title, doc.set_aside.name) ?></h2>
<p><?cs var:fill3(t.options.aside_text, num(doc.set_aside.count), doc.set_aside.rule, num(doc.set_aside.monetary_sum)) ?>
<a href="<?cs var:base ?>/history/<?cs var:id ?>/customers.csv?segment=Returned%20everything"><?cs var:t.options.aside_list ?></a></p>
</section>
<?cs /if ?><?cs if:doc.caps.percentile ?><section aria-labelledby="caps-title">
<h2 id="caps-title"><?cs var:t.options.caps_title ?></h2>
<p><?cs var:fill(t.options.caps_text, num(doc.caps.percentile)) ?></p>
<table class="facts">
<thead><tr><th scope="col"><?cs var:t.result.measure ?></th><th scope="col"><?cs var:t.options.cap ?></th><th scope="col"><?cs var:t.options.above ?></th></tr></thead>
<tbody>
<tr><th scope="row"><?cs var:t.rfm.frequency ?></th><td><?cs var:num(doc.caps.Frequency.cap) ?></td><td><?cs var:num(doc.caps.Frequency.customers_capped) ?></td></tr>
<tr><th scope="row"><?cs var:t.rfm.monetary ?></th><td><?cs var:num(doc.caps.Monetary.cap) ?></td><td><?cs var:num(doc.caps.Monetary.customers_capped) ?></td></tr>
</tbody>
</table>
</section>
<?cs /if ?><?cs if:doc.rfm_bins.method ?><section aria-labelledby="bins-title">
<h2 id="bins-title"><?cs var:t.options.bins_title ?></h2>
<p><?cs if:doc.rfm_bins.method == "thresholds" ?><?cs var:t.options.bins_thresholds ?><?cs else ?><?cs var:t.options.bins_quantiles ?><?cs /if ?><?cs var:t.options.bins_reversed ?></p>
<table class="facts">
<thead><tr><th scope="col"><?cs var:t.result.measure ?></th><th scope="col"><?cs var:t.options.score ?></th><th scope="col"><?cs var:t.options.values ?></th><th scope="col"><?cs var:t.result.customers_row ?></th></tr></thead>
<tbody>
<?cs each:dim = doc.rfm_bins ?><?cs if:subcount(dim.scores) > 0 ?><?cs each:s = dim.scores ?><tr><th scope="row"><?cs if:name(dim) == "Recency" ?><?cs var:t.rfm.recency ?><?cs elif:name(dim) == "Frequency" ?><?cs var:t.rfm.frequency ?><?cs elif:name(dim) == "Monetary" ?><?cs var:t.rfm.monetary ?><?cs else ?><?cs name:dim ?><?cs /if ?></th><td><?cs var:s.score ?></td><td><?cs if:s.count > 0 ?><?cs var:num(s.min) ?><?cs if:s.max != s.min ?> <?cs var:t.options.to ?> <?cs var:num(s.max) ?><?cs /if ?><?cs else ?><?cs var:t.options.none ?><?cs /if ?></td><td><?cs var:num(s.count) ?></td></tr>
<?cs /each ?><?cs /if ?><?cs /each ?></tbody>
</table>
</section>
<?cs /if ?>
