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
<option value="auto"<?cs if:form.k == "auto" ?> selected<?cs /if ?>>auto (best silhouette, 2 to 8)</option>
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
