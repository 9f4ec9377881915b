<?cs # header.cs: the top of every page (the document head and the site navigation); keep_lang() carries ?lang= into GET forms ?><?cs def:keep_lang() ?><?cs if:lq ?><input type="hidden" name="lang" value="<?cs var:lang ?>"><?cs /if ?><?cs /def ?><!doctype html>
<html lang="<?cs var:lang ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs var:title ?> - SmartSeg</title>
<link rel="stylesheet" href="<?cs var:base ?>/static/style.css">
</head>
<body>
<header>
<p class="brand"><a href="<?cs var:base ?>/<?cs var:lq ?>">SmartSeg</a> <span><?cs var:t.site.tagline ?></span></p>
<nav aria-label="<?cs var:t.nav.label ?>">
<ul>
<li><a href="<?cs var:base ?>/<?cs var:lq ?>"><?cs var:t.nav.new ?></a></li>
<li><a href="<?cs var:base ?>/analyses<?cs var:lq ?>"><?cs var:t.nav.history ?></a></li>
<li><a href="<?cs var:base ?>/docs<?cs var:lq ?>"><?cs var:t.nav.api ?></a></li>
<li><?cs if:lang == "fr" ?><a href="<?cs var:base ?><?cs var:self ?><?cs if:self_q ?>?<?cs var:self_q ?>&amp;<?cs else ?>?<?cs /if ?>lang=en" hreflang="en" lang="en">English</a><?cs else ?><a href="<?cs var:base ?><?cs var:self ?><?cs if:self_q ?>?<?cs var:self_q ?>&amp;<?cs else ?>?<?cs /if ?>lang=fr" hreflang="fr" lang="fr">Français</a><?cs /if ?></li>
</ul>
</nav>
</header>
<main>
