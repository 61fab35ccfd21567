#include "composer/minifier.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace wpp::composer {
namespace {

using nlohmann::json;

// What Composer\MetadataMinifier\MetadataMinifier::expand does, in C++.
json Expand(const json& versions) {
  json out = json::array();
  json expanded;
  for (const json& v : versions) {
    if (expanded.is_null()) {
      expanded = v;
      out.push_back(expanded);
      continue;
    }
    for (const auto& [key, value] : v.items()) {
      if (value == kUnset) {
        expanded.erase(key);
      } else {
        expanded[key] = value;
      }
    }
    out.push_back(expanded);
  }
  return out;
}

json ToJson(const Entry& entry) {
  std::string s;
  AppendEntry(entry, &s);
  return json::parse(s);
}

TEST(MinifierTest, FirstEntryIsCompleteAndLaterEntriesHoldOnlyChanges) {
  const std::vector<Entry> entries = {
      {{"a", "1"}, {"b", R"({"x":1})"}, {"c", R"("same")"}},
      {{"a", "2"}, {"b", R"({"x":1})"}, {"c", R"("same")"}},
  };
  std::string out;

  AppendMinifiedP2("wp-plugin/x", entries, "", &out);

  EXPECT_EQ(out, R"({"minified":"composer/2.0","packages":{"wp-plugin/x":[)"
                 R"({"a":1,"b":{"x":1},"c":"same"},{"a":2}]},"security-advisories":[]})");
}

TEST(MinifierTest, RemovedKeysAreUnsetAndReaddedKeysReappear) {
  const std::vector<Entry> entries = {
      {{"a", "1"}, {"dist", R"({"u":1})"}},
      {{"a", "2"}},
      {{"a", "3"}, {"dist", R"({"u":3})"}, {"z", "true"}},
  };
  std::string out;

  AppendMinifiedP2("n", entries, "", &out);

  EXPECT_EQ(
      out,
      R"({"minified":"composer/2.0","packages":{"n":[)"
      R"({"a":1,"dist":{"u":1}},{"a":2,"dist":"__unset"},{"a":3,"dist":{"u":3},"z":true}]},"security-advisories":[]})");
}

TEST(MinifierTest, ExpandingTheOutputGivesBackEveryEntry) {
  const std::vector<Entry> entries = {
      {{"authors", R"([{"name":"A"}])"},
       {"dist", R"({"url":"u3"})"},
       {"time", R"("t3")"},
       {"version", R"("3.0")"}},
      {{"authors", R"([{"name":"A"}])"}, {"time", R"("t2")"}, {"version", R"("2.0")"}},
      {{"dist", R"({"url":"u1"})"}, {"time", R"("t2")"}, {"version", R"("1.0")"}},
      {{"dist", R"({"url":"u1"})"}, {"version", R"("0.9")"}},
  };
  std::string out;

  AppendMinifiedP2("wp-plugin/p", entries, "", &out);

  const json doc = json::parse(out);
  const json expanded = Expand(doc["packages"]["wp-plugin/p"]);
  ASSERT_EQ(expanded.size(), entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(expanded[i], ToJson(entries[i])) << "entry " << i;
  }
}

TEST(MinifierTest, NoEntriesGiveAnEmptyArray) {
  std::string out;
  AppendMinifiedP2("wp-theme/t", {}, "", &out);
  EXPECT_EQ(out,
            R"({"minified":"composer/2.0","packages":{"wp-theme/t":[]},"security-advisories":[]})");
}

TEST(MinifierTest, AdvisoriesAreCopiedIntoTheTopLevelList) {
  std::string out;
  AppendMinifiedP2("wp-theme/t", {}, R"({"advisoryId":"A"},{"advisoryId":"B"})", &out);
  EXPECT_EQ(out, R"({"minified":"composer/2.0","packages":{"wp-theme/t":[]},)"
                 R"("security-advisories":[{"advisoryId":"A"},{"advisoryId":"B"}]})");
}

}  // namespace
}  // namespace wpp::composer
