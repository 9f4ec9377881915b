<?cs # footer.cs: the end of every page ?></main>
<footer>
<p><?cs var:t.site.footer ?></p>
</footer>
</body>
</html>
