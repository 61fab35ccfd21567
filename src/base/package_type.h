// The two kinds of WordPress.org package, and the names each has: "plugin" /
// "theme" in the database and WordPress.org's APIs, "wp-plugin" / "wp-theme"
// as the Composer vendor. The one definition for the whole project.

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace wpp::base {

enum class PackageType { kPlugin, kTheme };

// "plugin" or "theme", as stored in packages.type.
std::string_view TypeName(PackageType type);
// Parses "plugin" / "theme"; nullopt otherwise.
std::optional<PackageType> ParseType(std::string_view name);

// "wp-plugin" or "wp-theme".
std::string_view Vendor(PackageType type);
// Parses "wp-plugin" / "wp-theme"; nullopt otherwise.
std::optional<PackageType> ParseVendor(std::string_view vendor);

// "wp-plugin/<slug>".
std::string ComposerName(PackageType type, std::string_view slug);
// "wp-plugin/akismet" -> {kPlugin, "akismet"}; nullopt for any other vendor
// or an empty slug.
std::optional<std::pair<PackageType, std::string>> SplitComposerName(std::string_view name);

}  // namespace wpp::base
