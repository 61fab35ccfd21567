<?php
// Loads every p2 file of a wppackages build through the installed Composer's
// own classes and fails on any error or loss (issue #4 acceptance; cases
// E2E-02/E2E-09 at the metadata level):
//
//   php tests/composer/check_p2.php <build dir>
//
// For each file: it parses as JSON; "minified" is "composer/2.0"; packages
// holds exactly the file's package as a non-empty list;
// Composer\MetadataMinifier\MetadataMinifier::expand restores entries that
// each carry name, version, version_normalized, type, source, require (and
// dist for tagged versions); version_normalized is what Composer's
// VersionParser computes; Composer\Package\Loader\ArrayLoader::load accepts
// every entry and the package it returns has the same name, versions,
// references, dist URL, type and requirements; MetadataMinifier::minify of the
// expanded list gives back exactly what the file holds (so nothing is lost or
// added by minification). The files are the blobs index.tsv names
// (<repository>/blobs/<h>/<xxh128>.json); each must exist and hash to its
// name, and the package count must equal manifest.json's packages_total.
// No package has two entries with one version_normalized (over both its
// files), the main file holds no version of Composer's dev stability (but a
// plugin without releases has dev-trunk alone there), and the ~dev file
// holds only such versions. Every file has a security-advisories list whose
// entries Composer loads as full advisories.
//
// Composer's classes: see composer_autoload.php.

require __DIR__ . '/composer_autoload.php';
require_composer_classes('Composer\\MetadataMinifier\\MetadataMinifier', 'check_p2');

use Composer\MetadataMinifier\MetadataMinifier;
use Composer\Package\Loader\ArrayLoader;
use Composer\Package\Version\VersionParser;

final class Checker
{
    public array $errors = [];
    public int $files = 0;
    public int $entries = 0;
    /** @var array<string, string> "<name>\0<version_normalized>" => version */
    private array $normalized = [];
    private VersionParser $parser;
    private ArrayLoader $loader;

    public function __construct()
    {
        $this->parser = new VersionParser();
        $this->loader = new ArrayLoader($this->parser);
    }

    public function fail(string $where, string $what): void
    {
        $this->errors[] = "$where: $what";
    }

    public function checkFile(string $path, string $name, bool $dev): void
    {
        $this->files++;
        try {
            $data = json_decode(file_get_contents($path), true, 512, JSON_THROW_ON_ERROR);
        } catch (JsonException $e) {
            $this->fail($path, 'invalid JSON: ' . $e->getMessage());
            return;
        }
        if (($data['minified'] ?? null) !== 'composer/2.0') {
            $this->fail($path, 'minified is not composer/2.0');
        }
        $packages = $data['packages'] ?? null;
        if (!is_array($packages) || array_keys($packages) !== [$name]) {
            $this->fail($path, "packages does not hold exactly $name");
            return;
        }
        // docs/behaviour.md §20.6: a list, [] when none, each a full advisory.
        $advisories = $data['security-advisories'] ?? null;
        if (!is_array($advisories) || !array_is_list($advisories)) {
            $this->fail($path, 'security-advisories is not a list');
        } else {
            foreach ($advisories as $i => $advisory) {
                try {
                    $loaded = \Composer\Advisory\PartialSecurityAdvisory::create($name, $advisory, $this->parser);
                    if (!$loaded instanceof \Composer\Advisory\SecurityAdvisory) {
                        $this->fail("$path#advisory$i", 'not a full advisory');
                    }
                } catch (\Throwable $e) {
                    $this->fail("$path#advisory$i", $e->getMessage());
                }
            }
        }
        $versions = $packages[$name];
        if (!is_array($versions) || !array_is_list($versions) || count($versions) === 0) {
            $this->fail($path, 'versions are not a non-empty list');
            return;
        }
        $expanded = MetadataMinifier::expand($versions);
        if (self::sortDeep(MetadataMinifier::minify($expanded)) !== self::sortDeep($versions)) {
            $this->fail($path, "Composer's own minify of the expanded entries differs from the file");
        }
        // docs/behaviour.md §14.2: versions of Composer's dev stability live in
        // the ~dev file; the main file holds none, except a lone dev-trunk
        // (a plugin without tagged versions).
        $loneTrunk = count($expanded) === 1 && ($expanded[0]['version'] ?? null) === 'dev-trunk';
        foreach ($expanded as $i => $entry) {
            $version = (string) ($entry['version'] ?? '');
            $isDev = VersionParser::parseStability($version) === 'dev';
            if ($dev && !$isDev) {
                $this->fail("$path#$i", "~dev file holds $version, which is not of dev stability");
            }
            if (!$dev && $isDev && !$loneTrunk) {
                $this->fail("$path#$i", "main file holds $version, which is of dev stability");
            }
            // docs/behaviour.md §14.1: one entry per version_normalized, over
            // both files of a package (a lone dev-trunk in the main file is
            // the ~dev file's too).
            $normalized = (string) ($entry['version_normalized'] ?? '');
            $key = $name . "\0" . $normalized . ($normalized === 'dev-trunk' && $dev ? "\0~dev" : '');
            if (isset($this->normalized[$key])) {
                $this->fail("$path#$i", "version_normalized $normalized again ($version and "
                    . $this->normalized[$key] . ')');
            }
            $this->normalized[$key] = $version;
            $this->entries++;
            $this->checkEntry("$path#$i", $name, $entry);
        }
    }

    private function checkEntry(string $where, string $name, array $entry): void
    {
        foreach (['name', 'version', 'version_normalized', 'type', 'source', 'require', 'uid'] as $key) {
            if (!isset($entry[$key])) {
                $this->fail($where, "missing $key");
                return;
            }
        }
        $tagged = $entry['version'] !== 'dev-trunk';
        if ($entry['name'] !== $name) {
            $this->fail($where, "name {$entry['name']} is not $name");
        }
        if ($tagged && ($entry['dist']['type'] ?? null) !== 'zip') {
            $this->fail($where, 'tagged version without a zip dist');
        }
        if (!$tagged && isset($entry['dist'])) {
            $this->fail($where, 'dev-trunk has a dist');
        }
        if (($entry['require']['composer/installers'] ?? null) === null) {
            $this->fail($where, 'does not require composer/installers');
        }
        try {
            $normalized = $this->parser->normalize($entry['version']);
        } catch (\Throwable $e) {
            $this->fail($where, "Composer cannot parse version {$entry['version']}");
            return;
        }
        if ($normalized !== $entry['version_normalized']) {
            $this->fail($where, "version_normalized {$entry['version_normalized']} != Composer's $normalized");
        }
        try {
            $package = $this->loader->load($entry);
        } catch (\Throwable $e) {
            $this->fail($where, 'ArrayLoader::load: ' . $e->getMessage());
            return;
        }
        $this->compare($where, $entry, $package);
    }

    private function compare(string $where, array $entry, $package): void
    {
        $checks = [
            'name' => [$package->getName(), strtolower($entry['name'])],
            'pretty version' => [$package->getPrettyVersion(), $entry['version']],
            'version' => [$package->getVersion(), $entry['version_normalized']],
            'type' => [$package->getType(), $entry['type']],
            'source type' => [$package->getSourceType(), $entry['source']['type']],
            'source url' => [$package->getSourceUrl(), $entry['source']['url']],
            'source reference' => [$package->getSourceReference(), $entry['source']['reference']],
            'dist url' => [$package->getDistUrl(), $entry['dist']['url'] ?? null],
            'requires' => [array_keys($package->getRequires()), array_keys($entry['require'])],
            'description' => [$package->getDescription(), $entry['description'] ?? null],
            'homepage' => [$package->getHomepage(), $entry['homepage'] ?? null],
            'authors' => [$package->getAuthors(), $entry['authors'] ?? []],
        ];
        if (isset($entry['time'])) {
            $date = $package->getReleaseDate();
            $checks['time'] = [$date ? $date->format('Y-m-d\TH:i:s\Z') : null, $entry['time']];
        }
        foreach ($checks as $what => [$got, $want]) {
            if ($got !== $want) {
                $this->fail($where, "$what: Composer loaded " . json_encode($got) . ', file has ' . json_encode($want));
            }
        }
    }

    private static function sortDeep($value)
    {
        if (!is_array($value)) {
            return $value;
        }
        if (!array_is_list($value)) {
            ksort($value, SORT_STRING);
        }
        return array_map([self::class, 'sortDeep'], $value);
    }
}

// index.tsv: name => ['main' => blob hash or null, 'dev' => blob hash or null].
function readIndex(string $path): array
{
    $packages = [];
    foreach (file($path, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [] as $line) {
        [$name, , $main, $dev] = explode("\t", $line);
        $packages[$name] = ['main' => $main === '-' ? null : $main, 'dev' => $dev === '-' ? null : $dev];
    }
    return $packages;
}

$dir = rtrim($argv[1] ?? '', '/');
if ($dir === '' || !is_file("$dir/index.tsv")) {
    fwrite(STDERR, "usage: php check_p2.php <build dir>\n");
    exit(2);
}
$blobs = dirname($dir, 2) . '/blobs';
$checker = new Checker();
$index = readIndex("$dir/index.tsv");
$seen = [];
foreach ($index as $name => $files) {
    foreach (['main', 'dev'] as $kind) {
        $hash = $files[$kind];
        if ($hash === null) {
            continue;
        }
        $path = "$blobs/" . substr($hash, 0, 1) . "/$hash.json";
        if (!is_file($path)) {
            $checker->fail($name, "the $kind file's blob $hash is missing");
            continue;
        }
        if (hash_file('xxh128', $path) !== $hash) {
            $checker->fail($name, "the $kind file's blob does not hash to its name $hash");
        }
        $seen[$name][$kind] = true;
        $checker->checkFile($path, $name, $kind === 'dev');
    }
}
$manifest = json_decode(@file_get_contents("$dir/manifest.json") ?: 'null', true);
if (($manifest['packages_total'] ?? null) !== count($seen)) {
    $checker->fail($dir, 'manifest packages_total ' . json_encode($manifest['packages_total'] ?? null) . ' != ' . count($seen));
}
foreach (array_slice($checker->errors, 0, 20) as $error) {
    fwrite(STDERR, "FAIL $error\n");
}
printf("check_p2: %d files, %d packages, %d version entries, %d problems\n",
    $checker->files, count($seen), $checker->entries, count($checker->errors));
exit($checker->errors ? 1 : 0);
