<?php
// Loads the installed Composer's classes for the PHP checks of this folder:
// $COMPOSER_AUTOLOAD, else Debian's /usr/share/php/Composer/autoload.php,
// else vendor/autoload.php. Exits 2 when `$class` is still unknown.

function require_composer_classes(string $class, string $tool): void
{
    error_reporting(E_ALL & ~E_DEPRECATED & ~E_USER_DEPRECATED);
    $autoloads = array_filter([getenv('COMPOSER_AUTOLOAD') ?: null,
        '/usr/share/php/Composer/autoload.php', __DIR__ . '/../../vendor/autoload.php']);
    foreach ($autoloads as $autoload) {
        if (is_file($autoload)) {
            require $autoload;
            break;
        }
    }
    if (!class_exists($class)) {
        fwrite(STDERR, "$tool: Composer's classes not found (install composer or set COMPOSER_AUTOLOAD)\n");
        exit(2);
    }
}
