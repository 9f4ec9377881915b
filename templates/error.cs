<?cs # error.cs: what went wrong, and a way back ?><?cs include:"header.cs" ?>
<h1><?cs var:error.status ?> <?cs var:error.title ?></h1>
<p class="error" role="alert"><?cs var:error.detail ?></p>
<p><a href="<?cs var:base ?>/">Back to the upload form</a> or <a href="<?cs var:base ?>/analyses">see the history</a>.</p>
<?cs include:"footer.cs" ?>
