<?cs # delete.cs: asks before deleting an analysis ?><?cs include:"header.cs" ?>
<h1><?cs var:t.delete.title ?></h1>
<p><?cs var:t.delete.what_pre ?> <strong><?cs var:doc.file_info.name ?></strong> <?cs var:fill3(t.delete.what_post, date(doc.created_at), doc.k_used, num(doc.file_info.rows_processed)) ?></p>
<form method="post" action="<?cs var:base ?>/analyses/<?cs var:id ?>/delete<?cs var:lq ?>">
<input type="hidden" name="confirm" value="yes">
<p><button type="submit"><?cs var:t.delete.yes ?></button> <a href="<?cs var:base ?>/analyses<?cs var:lq ?>"><?cs var:t.delete.no ?></a></p>
</form>
<?cs include:"footer.cs" ?>
