<?cs # delete.cs: asks before deleting an analysis ?><?cs include:"header.cs" ?>
<h1>Delete this analysis?</h1>
<p>The analysis of <strong><?cs var:doc.file_info.name ?></strong> (<?cs var:doc.created_at ?>, k = <?cs var:doc.k_used ?>,
<?cs var:doc.file_info.rows_processed ?> customers) and its customer table will be removed for good.</p>
<form method="post" action="<?cs var:base ?>/analyses/<?cs var:id ?>/delete">
<input type="hidden" name="confirm" value="yes">
<p><button type="submit">Yes, delete it</button> <a href="<?cs var:base ?>/analyses">No, keep it</a></p>
</form>
<?cs include:"footer.cs" ?>
