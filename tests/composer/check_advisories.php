<?php
// Loads every stored advisory through the installed Composer's own classes
// (issue #17 acceptance, docs/behaviour.md §20.2): each line of the input is
// one advisory's published JSON object (`SELECT json FROM advisories`);
// Composer\Advisory\PartialSecurityAdvisory::create must accept it as a full
// SecurityAdvisory, which parses affectedVersions with Composer's
// VersionParser, and the parsed constraint must print back as the text.
//
//   php tests/composer/check_advisories.php < advisories.jsonl
//
// Composer's classes: see composer_autoload.php.

require __DIR__ . '/composer_autoload.php';
require_composer_classes('Composer\\Advisory\\PartialSecurityAdvisory', 'check_advisories');

use Composer\Advisory\PartialSecurityAdvisory;
use Composer\Advisory\SecurityAdvisory;
use Composer\Semver\VersionParser;

$parser = new VersionParser();
$errors = [];
$count = 0;
$constraints = [];
while (($line = fgets(STDIN)) !== false) {
    $line = trim($line);
    if ($line === '') {
        continue;
    }
    $count++;
    try {
        $data = json_decode($line, true, 512, JSON_THROW_ON_ERROR);
        $advisory = PartialSecurityAdvisory::create($data['packageName'], $data, $parser);
        if (!$advisory instanceof SecurityAdvisory) {
            $errors[] = "$line: not a full advisory";
            continue;
        }
        if ($advisory->affectedVersions->getPrettyString() !== $data['affectedVersions']) {
            $errors[] = "$line: constraint prints as " . $advisory->affectedVersions->getPrettyString();
        }
        $constraints[$data['affectedVersions']] = true;
    } catch (\Throwable $e) {
        $errors[] = "$line: " . $e->getMessage();
    }
}
foreach (array_slice($errors, 0, 20) as $error) {
    fwrite(STDERR, "$error\n");
}
if ($count === 0) {
    fwrite(STDERR, "check_advisories: no advisories read\n");
    exit(1);
}
printf("check_advisories: %d advisories, %d distinct constraints, %d errors\n", $count,
    count($constraints), count($errors));
exit($errors ? 1 : 0);
