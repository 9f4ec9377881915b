<?cs # index.cs: the upload form (choices kept and reasons shown after a failure) and the latest analyses ?><?cs include:"header.cs" ?>
<h1><?cs var:t.index.title ?></h1>
<p><?cs var:t.index.intro1 ?>
<?cs var:t.index.intro2 ?></p>
<?cs if:form.error.general ?><p class="error" role="alert"><?cs var:form.error.general ?></p><?cs /if ?>
<form method="post" action="<?cs var:base ?>/analyses<?cs var:lq ?>" enctype="multipart/form-data">
<fieldset>
<legend><?cs var:t.index.legend ?></legend>
<div class="field<?cs if:form.error.file ?> invalid<?cs /if ?>">
<label for="file"><?cs var:t.index.file ?></label>
<input type="file" id="file" name="file" accept=".csv,.gz,.xlsx,text/csv,application/gzip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required<?cs if:form.error.file ?> aria-describedby="file-error"<?cs /if ?>>
<?cs if:form.filename ?><span class="hint"><?cs var:fill(t.index.sent, form.filename) ?></span><?cs /if ?>
<?cs if:form.error.file ?><strong class="error" id="file-error"><?cs var:form.error.file ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.k ?> invalid<?cs /if ?>">
<label for="k"><?cs var:t.index.k ?></label>
<select id="k" name="k"<?cs if:form.error.k ?> aria-describedby="k-error"<?cs /if ?>>
<option value="auto"<?cs if:form.k == "auto" ?> selected<?cs /if ?>><?cs var:t.index.k_auto ?></option>
<optgroup label="<?cs var:t.index.k_suggested ?>">
<?cs loop:i = 2, 8, 1 ?><option value="<?cs var:i ?>"<?cs if:form.k == i ?> selected<?cs /if ?>><?cs var:i ?></option>
<?cs /loop ?></optgroup>
<optgroup label="<?cs var:t.index.k_more ?>">
<?cs loop:i = 9, 20, 1 ?><option value="<?cs var:i ?>"<?cs if:form.k == i ?> selected<?cs /if ?>><?cs var:i ?></option>
<?cs /loop ?></optgroup></select>
<?cs if:form.error.k ?><strong class="error" id="k-error"><?cs var:form.error.k ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.delimiter ?> invalid<?cs /if ?>">
<label for="delimiter"><?cs var:t.index.delimiter ?></label>
<select id="delimiter" name="delimiter">
<option value="auto"<?cs if:form.delimiter == "auto" ?> selected<?cs /if ?>><?cs var:t.index.delim_auto ?></option>
<option value=","<?cs if:form.delimiter == "," ?> selected<?cs /if ?>><?cs var:t.index.delim_comma ?></option>
<option value=";"<?cs if:form.delimiter == ";" ?> selected<?cs /if ?>><?cs var:t.index.delim_semicolon ?></option>
<option value="tab"<?cs if:form.delimiter == "tab" ?> selected<?cs /if ?>><?cs var:t.index.delim_tab ?></option>
<option value="|"<?cs if:form.delimiter == "|" ?> selected<?cs /if ?>><?cs var:t.index.delim_pipe ?></option>
</select>
<?cs if:form.error.delimiter ?><strong class="error"><?cs var:form.error.delimiter ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.transform ?> invalid<?cs /if ?>">
<label for="transform"><?cs var:t.index.transform ?></label>
<select id="transform" name="transform">
<option value="none"<?cs if:form.transform == "none" ?> selected<?cs /if ?>><?cs var:t.index.transform_none ?></option>
<option value="log"<?cs if:form.transform == "log" ?> selected<?cs /if ?>><?cs var:t.index.transform_log ?></option>
</select>
<?cs if:form.error.transform ?><strong class="error"><?cs var:form.error.transform ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.lang ?> invalid<?cs /if ?>">
<label for="lang"><?cs var:t.index.persona_lang ?></label>
<select id="lang" name="lang">
<option value="en"<?cs if:form.lang == "en" ?> selected<?cs /if ?>><?cs var:t.index.lang_en ?></option>
<option value="fr"<?cs if:form.lang == "fr" ?> selected<?cs /if ?>><?cs var:t.index.lang_fr ?></option>
</select>
<?cs if:form.error.lang ?><strong class="error"><?cs var:form.error.lang ?></strong><?cs /if ?>
</div>
<details<?cs if:form.advanced_open ?> open<?cs /if ?>>
<summary><?cs var:t.index.advanced ?></summary>
<fieldset>
<legend><?cs var:t.index.advanced ?></legend>
<div class="field<?cs if:form.error.returns ?> invalid<?cs /if ?>">
<label for="returns"><?cs var:t.index.returns ?></label>
<select id="returns" name="returns"<?cs if:form.error.returns ?> aria-describedby="returns-error"<?cs /if ?>>
<option value="exclude"<?cs if:form.returns == "exclude" ?> selected<?cs /if ?>><?cs var:t.index.returns_exclude ?></option>
<option value="net"<?cs if:form.returns == "net" ?> selected<?cs /if ?>><?cs var:t.index.returns_net ?></option>
</select>
<?cs if:form.error.returns ?><strong class="error" id="returns-error"><?cs var:form.error.returns ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.nonpositive ?> invalid<?cs /if ?>">
<label for="nonpositive"><?cs var:t.index.nonpositive ?></label>
<select id="nonpositive" name="nonpositive"<?cs if:form.error.nonpositive ?> aria-describedby="nonpositive-error"<?cs /if ?>>
<option value="aside"<?cs if:form.nonpositive == "aside" ?> selected<?cs /if ?>><?cs var:t.index.nonpositive_aside ?></option>
<option value="keep"<?cs if:form.nonpositive == "keep" ?> selected<?cs /if ?>><?cs var:t.index.nonpositive_keep ?></option>
</select>
<?cs if:form.error.nonpositive ?><strong class="error" id="nonpositive-error"><?cs var:form.error.nonpositive ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.cap ?> invalid<?cs /if ?>">
<label for="cap"><?cs var:t.index.cap ?></label>
<input type="text" id="cap" name="cap" value="<?cs var:form.cap ?>" size="8"<?cs if:form.error.cap ?> aria-describedby="cap-error"<?cs /if ?>>
<?cs if:form.error.cap ?><strong class="error" id="cap-error"><?cs var:form.error.cap ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.bins ?> invalid<?cs /if ?>">
<label for="bins"><?cs var:t.index.bins ?></label>
<input type="text" id="bins" name="bins" value="<?cs var:form.bins ?>" size="40"<?cs if:form.error.bins ?> aria-describedby="bins-error"<?cs /if ?>>
<?cs if:form.error.bins ?><strong class="error" id="bins-error"><?cs var:form.error.bins ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.sheet ?> invalid<?cs /if ?>">
<label for="sheet"><?cs var:t.index.sheet ?></label>
<input type="text" id="sheet" name="sheet" value="<?cs var:form.sheet ?>" size="20" maxlength="127"<?cs if:form.error.sheet ?> aria-describedby="sheet-error"<?cs /if ?>>
<?cs if:form.error.sheet ?><strong class="error" id="sheet-error"><?cs var:form.error.sheet ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.snapshot ?> invalid<?cs /if ?>">
<label for="snapshot"><?cs var:t.index.snapshot ?></label>
<input type="text" id="snapshot" name="snapshot" value="<?cs var:form.snapshot ?>" size="12" placeholder="YYYY-MM-DD"<?cs if:form.error.snapshot ?> aria-describedby="snapshot-error"<?cs /if ?>>
<?cs if:form.error.snapshot ?><strong class="error" id="snapshot-error"><?cs var:form.error.snapshot ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.clv ?> invalid<?cs /if ?>">
<label for="clv"><?cs var:t.index.clv ?></label>
<select id="clv" name="clv"<?cs if:form.error.clv ?> aria-describedby="clv-error"<?cs /if ?>>
<option value="on"<?cs if:form.clv == "on" ?> selected<?cs /if ?>><?cs var:t.index.clv_on ?></option>
<option value="off"<?cs if:form.clv == "off" ?> selected<?cs /if ?>><?cs var:t.index.clv_off ?></option>
</select>
<?cs if:form.error.clv ?><strong class="error" id="clv-error"><?cs var:form.error.clv ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.horizon ?> invalid<?cs /if ?>">
<label for="horizon"><?cs var:t.index.horizon ?></label>
<input type="text" id="horizon" name="horizon" value="<?cs var:form.horizon ?>" size="6"<?cs if:form.error.horizon ?> aria-describedby="horizon-error"<?cs /if ?>>
<?cs if:form.error.horizon ?><strong class="error" id="horizon-error"><?cs var:form.error.horizon ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.discount ?> invalid<?cs /if ?>">
<label for="discount"><?cs var:t.index.discount ?></label>
<input type="text" id="discount" name="discount" value="<?cs var:form.discount ?>" size="6"<?cs if:form.error.discount ?> aria-describedby="discount-error"<?cs /if ?>>
<?cs if:form.error.discount ?><strong class="error" id="discount-error"><?cs var:form.error.discount ?></strong><?cs /if ?>
</div>
<div class="field<?cs if:form.error.holdout ?> invalid<?cs /if ?>">
<label for="holdout"><?cs var:t.index.holdout ?></label>
<input type="text" id="holdout" name="holdout" value="<?cs var:form.holdout ?>" size="12" placeholder="YYYY-MM-DD"<?cs if:form.error.holdout ?> aria-describedby="holdout-error"<?cs /if ?>>
<?cs if:form.error.holdout ?><strong class="error" id="holdout-error"><?cs var:form.error.holdout ?></strong><?cs /if ?>
</div>
</fieldset>
</details>
<p><button type="submit"><?cs var:t.index.submit ?></button></p>
</fieldset>
</form>

<section aria-labelledby="latest-title">
<h2 id="latest-title"><?cs var:t.index.latest ?></h2>
<?cs if:latest_error ?><p class="error"><?cs var:latest_error ?></p>
<?cs elif:subcount(latest) == 0 ?><p><?cs var:t.index.none ?></p>
<?cs else ?><table>
<thead><tr><th scope="col"><?cs var:t.history.col_file ?></th><th scope="col"><?cs var:t.history.col_date ?></th><th scope="col">k</th><th scope="col"><?cs var:t.history.col_customers ?></th></tr></thead>
<tbody>
<?cs each:item = latest ?><tr>
<td><a href="<?cs var:base ?>/analyses/<?cs var:item._id ?><?cs var:lq ?>"><?cs var:item.file_info.name ?></a></td>
<td><?cs var:date(item.created_at) ?></td><td><?cs var:item.k_used ?></td><td><?cs var:num(item.file_info.rows_processed) ?></td>
</tr>
<?cs /each ?></tbody>
</table>
<p><a href="<?cs var:base ?>/analyses<?cs var:lq ?>"><?cs var:t.index.all ?></a></p>
<?cs /if ?></section>
<?cs include:"footer.cs" ?>
