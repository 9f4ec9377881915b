<?cs # history.cs: every analysis, newest first, with paging and delete buttons ?><?cs include:"header.cs" ?>
<h1>History</h1>
<?cs if:paging.total == 0 ?><p>No analysis yet. <a href="<?cs var:base ?>/">Run the first one.</a></p>
<?cs else ?><p><?cs var:paging.total ?> analyses; page <?cs var:paging.page ?> of <?cs var:paging.pages ?>.</p>
<form id="compare" method="get" action="<?cs var:base ?>/analyses/compare"></form>
<table>
<thead><tr><th scope="col">A (earlier)</th><th scope="col">B (later)</th><th scope="col">File</th><th scope="col">Date (UTC)</th><th scope="col">k</th><th scope="col">Customers</th><th scope="col">Segments</th><th scope="col">Actions</th></tr></thead>
<tbody>
<?cs each:item = items ?><tr>
<td><input type="radio" form="compare" name="a" value="<?cs var:item._id ?>" aria-label="compare from <?cs var:item.file_info.name ?>"></td>
<td><input type="radio" form="compare" name="b" value="<?cs var:item._id ?>" aria-label="compare to <?cs var:item.file_info.name ?>"></td>
<td><a href="<?cs var:base ?>/analyses/<?cs var:item._id ?>"><?cs var:item.file_info.name ?></a></td>
<td><?cs var:item.created_at ?></td>
<td><?cs var:item.k_used ?></td>
<td><?cs var:item.file_info.rows_processed ?></td>
<td><?cs each:s = item.summary ?><?cs var:s.AI_Marketing_Name ?><?cs if:!last(s) ?>, <?cs /if ?><?cs /each ?></td>
<td><form method="get" action="<?cs var:base ?>/analyses/<?cs var:item._id ?>/delete"><button type="submit">Delete</button></form></td>
</tr>
<?cs /each ?></tbody>
</table>
<p><button type="submit" form="compare">Compare A with B</button> who moved between segments, who is new and who is gone.</p>
<nav aria-label="Pages"><p>
<?cs if:paging.prev ?><a rel="prev" href="<?cs var:base ?>/analyses?page=<?cs var:paging.prev ?>">Newer</a><?cs /if ?>
<?cs if:paging.next ?><a rel="next" href="<?cs var:base ?>/analyses?page=<?cs var:paging.next ?>">Older</a><?cs /if ?>
</p></nav>
<?cs /if ?>
<?cs include:"footer.cs" ?>
