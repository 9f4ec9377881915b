<?cs # index.cs: the upload form (choices kept and reasons shown after a failure) and the latest analyses ?><?cs include:"header.cs" ?>
<h1>Segment your customers</h1>
<p>Upload a CSV of invoice lines (CustomerID, InvoiceNo, InvoiceDate, Quantity, UnitPrice; or an Amount column).
SmartSeg computes recency, frequency and monetary value per customer, groups the customers with k-means and describes each segment.</p>
<?cs if:form.error.general ?><p class="error" role="alert"><?cs var:form.error.general ?></p><?cs /if ?>
<form method="post" action="<?cs var:base ?>/analyses" enctype="multipart/form-data">
<fieldset>
<legend>New analysis</legend>
<div class="field<?cs if:form.error.file ?> invalid<?cs /if ?>">
<label for="file">CSV file</label>
<input type="file" id="file" name="file" accept=".csv,text/csv" required<?cs if:form.error.file ?> aria-describedby="file-error"<?cs /if ?>>
<?cs if:form.filename ?><span class="hint">You sent: <?cs var:form.filename ?> (choose it again to retry).</span><?cs /if ?>
<?cs if:form.error.file ?><strong class="error" id="file-error"><?cs var:form.error.file ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.k ?> invalid<?cs /if ?>">
<label for="k">Number of segments (k)</label>
<select id="k" name="k"<?cs if:form.error.k ?> aria-describedby="k-error"<?cs /if ?>>
<option value="auto"<?cs if:form.k == "auto" ?> selected<?cs /if ?>>auto (chosen from 2 to 8)</option>
<?cs loop:i = 2, 8, 1 ?><option value="<?cs var:i ?>"<?cs if:form.k == i ?> selected<?cs /if ?>><?cs var:i ?></option>
<?cs /loop ?></select>
<?cs if:form.error.k ?><strong class="error" id="k-error"><?cs var:form.error.k ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.delimiter ?> invalid<?cs /if ?>">
<label for="delimiter">Delimiter</label>
<select id="delimiter" name="delimiter">
<option value="auto"<?cs if:form.delimiter == "auto" ?> selected<?cs /if ?>>detect</option>
<option value=","<?cs if:form.delimiter == "," ?> selected<?cs /if ?>>comma (,)</option>
<option value=";"<?cs if:form.delimiter == ";" ?> selected<?cs /if ?>>semicolon (;)</option>
</select>
<?cs if:form.error.delimiter ?><strong class="error"><?cs var:form.error.delimiter ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.transform ?> invalid<?cs /if ?>">
<label for="transform">Transform before clustering</label>
<select id="transform" name="transform">
<option value="none"<?cs if:form.transform == "none" ?> selected<?cs /if ?>>none (standardize only)</option>
<option value="log"<?cs if:form.transform == "log" ?> selected<?cs /if ?>>log (tames big spenders)</option>
</select>
<?cs if:form.error.transform ?><strong class="error"><?cs var:form.error.transform ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.lang ?> invalid<?cs /if ?>">
<label for="lang">Persona language</label>
<select id="lang" name="lang">
<option value="en"<?cs if:form.lang == "en" ?> selected<?cs /if ?>>English</option>
<option value="fr"<?cs if:form.lang == "fr" ?> selected<?cs /if ?>>French</option>
</select>
<?cs if:form.error.lang ?><strong class="error"><?cs var:form.error.lang ?></strong><?cs /if ?>
</div>
<details<?cs if:form.advanced_open ?> open<?cs /if ?>>
<summary>Advanced</summary>
<fieldset>
<legend>Advanced</legend>
<div class="field<?cs if:form.error.returns ?> invalid<?cs /if ?>">
<label for="returns">Returns and cancellations</label>
<select id="returns" name="returns"<?cs if:form.error.returns ?> aria-describedby="returns-error"<?cs /if ?>>
<option value="exclude"<?cs if:form.returns == "exclude" ?> selected<?cs /if ?>>left out (negative lines and cancelled invoices)</option>
<option value="net"<?cs if:form.returns == "net" ?> selected<?cs /if ?>>netted (returns reduce what a customer spent)</option>
</select>
<?cs if:form.error.returns ?><strong class="error" id="returns-error"><?cs var:form.error.returns ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.nonpositive ?> invalid<?cs /if ?>">
<label for="nonpositive">Customers who returned everything (spent 0 or less)</label>
<select id="nonpositive" name="nonpositive"<?cs if:form.error.nonpositive ?> aria-describedby="nonpositive-error"<?cs /if ?>>
<option value="aside"<?cs if:form.nonpositive == "aside" ?> selected<?cs /if ?>>set aside, reported on their own</option>
<option value="keep"<?cs if:form.nonpositive == "keep" ?> selected<?cs /if ?>>kept in the segments</option>
</select>
<?cs if:form.error.nonpositive ?><strong class="error" id="nonpositive-error"><?cs var:form.error.nonpositive ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.cap ?> invalid<?cs /if ?>">
<label for="cap">Cap big customers at a percentile (off, or 50 to 99.99; 99 is typical)</label>
<input type="text" id="cap" name="cap" value="<?cs var:form.cap ?>" size="8"<?cs if:form.error.cap ?> aria-describedby="cap-error"<?cs /if ?>>
<?cs if:form.error.cap ?><strong class="error" id="cap-error"><?cs var:form.error.cap ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.bins ?> invalid<?cs /if ?>">
<label for="bins">RFM score bins (5, 4, 3, or thresholds such as R:30,90,180;F:1,2,4,8;M:250,500,1000,3000)</label>
<input type="text" id="bins" name="bins" value="<?cs var:form.bins ?>" size="40"<?cs if:form.error.bins ?> aria-describedby="bins-error"<?cs /if ?>>
<?cs if:form.error.bins ?><strong class="error" id="bins-error"><?cs var:form.error.bins ?></strong><?cs /if ?>
</div>
<?cs # the snapshot date field goes here (Recency measured to it) ?>
</fieldset>
</details>
<p><button type="submit">Analyse</button></p>
</fieldset>
</form>

<section aria-labelledby="latest-title">
<h2 id="latest-title">Latest analyses</h2>
<?cs if:latest_error ?><p class="error"><?cs var:latest_error ?></p>
<?cs elif:subcount(latest) == 0 ?><p>No analysis yet.</p>
<?cs else ?><table>
<thead><tr><th scope="col">File</th><th scope="col">Date (UTC)</th><th scope="col">k</th><th scope="col">Customers</th></tr></thead>
<tbody>
<?cs each:item = latest ?><tr>
<td><a href="<?cs var:base ?>/analyses/<?cs var:item._id ?>"><?cs var:item.file_info.name ?></a></td>
<td><?cs var:item.created_at ?></td><td><?cs var:item.k_used ?></td><td><?cs var:item.file_info.rows_processed ?></td>
</tr>
<?cs /each ?></tbody>
</table>
<p><a href="<?cs var:base ?>/analyses">All analyses</a></p>
<?cs /if ?></section>
<?cs include:"footer.cs" ?>
