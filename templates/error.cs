<?cs # error.cs: what went wrong, and a way back ?><?cs include:"header.cs" ?>
<h1><?cs var:error.status ?> <?cs var:error.title ?></h1>
<p class="error" role="alert"><?cs var:error.detail ?></p>
<p><a href="<?cs var:base ?>/<?cs var:lq ?>"><?cs var:t.error.back_form ?></a> <?cs var:t.error.or ?> <a href="<?cs var:base ?>/analyses<?cs var:lq ?>"><?cs var:t.error.back_history ?></a>.</p>
<?cs include:"footer.cs" ?>
