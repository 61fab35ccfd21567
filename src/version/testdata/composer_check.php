<?php
// Cross-check helper for composer_normalized_test.cc: asks the installed
// composer/semver what it makes of versions, one per stdin line.
//   php composer_check.php normalize  → per line: "<normalized>\t<stability>"
//                                        or "!" when Composer rejects it
//   php composer_check.php compare    → per line i: one char per line j,
//                                        '<', '=' or '>' for
//                                        version_compare(normalize(i), normalize(j))
// Exit 3 when composer/semver is not installed.
$autoload = getenv('COMPOSER_SEMVER_AUTOLOAD') ?: '/usr/share/php/Composer/Semver/autoload.php';
if (!is_file($autoload)) {
    fwrite(STDERR, "composer/semver not found at $autoload\n");
    exit(3);
}
require $autoload;

use Composer\Semver\VersionParser;

$parser = new VersionParser();
$lines = [];
while (($line = fgets(STDIN)) !== false) {
    $lines[] = rtrim($line, "\n");
}
$mode = $argv[1] ?? 'normalize';
if ($mode === 'normalize') {
    foreach ($lines as $v) {
        try {
            $n = $parser->normalize($v);
            echo $n, "\t", VersionParser::parseStability($n), "\n";
        } catch (UnexpectedValueException $e) {
            echo "!\n";
        }
    }
} elseif ($mode === 'compare') {
    $norm = array_map(fn($v) => $parser->normalize($v), $lines);
    $sym = [-1 => '<', 0 => '=', 1 => '>'];
    foreach ($norm as $a) {
        $row = '';
        foreach ($norm as $b) {
            $row .= $sym[version_compare($a, $b)];
        }
        echo $row, "\n";
    }
} else {
    fwrite(STDERR, "unknown mode $mode\n");
    exit(2);
}
