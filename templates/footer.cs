<?cs # footer.cs: the end of every page ?></main>
<footer>
<p>SmartSeg: RFM (recency, frequency, monetary) per customer, then k-means.</p>
</footer>
</body>
</html>
