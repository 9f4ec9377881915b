<?cs # header.cs: the top of every page (the document head and the site navigation) ?><!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs var:title ?> - SmartSeg</title>
<link rel="stylesheet" href="<?cs var:base ?>/static/style.css">
</head>
<body>
<header>
<p class="brand"><a href="<?cs var:base ?>/">SmartSeg</a> <span>customer segmentation</span></p>
<nav aria-label="Main">
<ul>
<li><a href="<?cs var:base ?>/">New analysis</a></li>
<li><a href="<?cs var:base ?>/analyses">History</a></li>
<li><a href="<?cs var:base ?>/openapi.json">API</a></li>
</ul>
</nav>
</header>
<main>
