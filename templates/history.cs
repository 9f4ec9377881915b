<?cs # history.cs: every analysis, newest first, with paging and delete buttons ?><?cs include:"header.cs" ?>
<h1><?cs var:t.history.title ?></h1>
<?cs if:paging.total == 0 ?><p><?cs var:t.history.none ?> <a href="<?cs var:base ?>/<?cs var:lq ?>"><?cs var:t.history.first ?></a></p>
<?cs else ?><p><?cs var:fill3(t.history.count, num(paging.total), paging.page, paging.pages) ?></p>
<form id="compare" method="get" action="<?cs var:base ?>/analyses/compare"><?cs call:keep_lang() ?></form>
<table>
<thead><tr><th scope="col"><?cs var:t.history.col_a ?></th><th scope="col"><?cs var:t.history.col_b ?></th><th scope="col"><?cs var:t.history.col_file ?></th><th scope="col"><?cs var:t.history.col_date ?></th><th scope="col">k</th><th scope="col"><?cs var:t.history.col_customers ?></th><th scope="col"><?cs var:t.history.col_segments ?></th><th scope="col"><?cs var:t.history.col_actions ?></th></tr></thead>
<tbody>
<?cs each:item = items ?><tr>
<td><input type="radio" form="compare" name="a" value="<?cs var:item._id ?>" aria-label="<?cs var:fill(t.history.from, item.file_info.name) ?>"></td>
<td><input type="radio" form="compare" name="b" value="<?cs var:item._id ?>" aria-label="<?cs var:fill(t.history.to, item.file_info.name) ?>"></td>
<td><a href="<?cs var:base ?>/analyses/<?cs var:item._id ?><?cs var:lq ?>"><?cs var:item.file_info.name ?></a></td>
<td><?cs var:date(item.created_at) ?></td>
<td><?cs var:item.k_used ?></td>
<td><?cs var:num(item.file_info.rows_processed) ?></td>
<td><?cs each:s = item.summary ?><?cs var:s.AI_Marketing_Name ?><?cs if:!last(s) ?>, <?cs /if ?><?cs /each ?></td>
<td><form method="get" action="<?cs var:base ?>/analyses/<?cs var:item._id ?>/delete"><?cs call:keep_lang() ?><button type="submit"><?cs var:t.history.delete ?></button></form></td>
</tr>
<?cs /each ?></tbody>
</table>
<p><button type="submit" form="compare"><?cs var:t.history.compare ?></button> <?cs var:t.history.compare_what ?></p>
<nav aria-label="<?cs var:t.history.pages ?>"><p>
<?cs if:paging.prev ?><a rel="prev" href="<?cs var:base ?>/analyses?page=<?cs var:paging.prev ?><?cs var:la ?>"><?cs var:t.history.newer ?></a><?cs /if ?>
<?cs if:paging.next ?><a rel="next" href="<?cs var:base ?>/analyses?page=<?cs var:paging.next ?><?cs var:la ?>"><?cs var:t.history.older ?></a><?cs /if ?>
</p></nav>
<?cs /if ?>
<?cs include:"footer.cs" ?>
