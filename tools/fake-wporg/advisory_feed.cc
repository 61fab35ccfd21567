#include "advisory_feed.h"

#include <functional>
#include <vector>

#include "json_writer.h"
#include "rng.h"

namespace wpp::fakewporg {
namespace {

constexpr uint64_t kPurposeAdvisory = 0xad5;
constexpr char kPublished[] = "2024-05-01 12:00:00";

struct Range {
  std::string from = "*";
  bool from_inclusive = true;
  std::string to = "*";
  bool to_inclusive = true;
};

struct Software {
  std::string type = "plugin";
  std::string slug{};
  std::vector<Range> ranges{};
  std::string patched{};
};

void WriteRange(JsonWriter& w, const Range& r) {
  const std::string label = r.from + " - " + r.to;
  w.Key(label).BeginObject();
  w.Field("from_version", r.from).FieldBool("from_inclusive", r.from_inclusive);
  w.Field("to_version", r.to).FieldBool("to_inclusive", r.to_inclusive);
  w.EndObject();
}

void WriteRecord(JsonWriter& w, const std::string& id, const std::string& title,
                 const std::vector<Software>& software, const std::string& cve, const char* rating,
                 const std::string& published = kPublished) {
  w.Key(id).BeginObject();
  w.Field("id", id).Field("title", title);
  w.Key("software").BeginArray();
  for (const Software& s : software) {
    w.BeginObject().Field("type", s.type).Field("name", s.slug).Field("slug", s.slug);
    w.Key("affected_versions").BeginObject();
    for (const Range& r : s.ranges) {
      WriteRange(w, r);
    }
    w.EndObject();
    w.FieldBool("patched", !s.patched.empty());
    w.Key("patched_versions").BeginArray();
    if (!s.patched.empty()) {
      w.String(s.patched);
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Field("informational", "false").Field("description", title + ".");
  w.Key("references").BeginArray();
  w.String("https://www.wordfence.com/threat-intel/vulnerabilities/id/" + id);
  w.EndArray();
  w.Key("cvss").BeginObject().Field("vector", "CVSS:3.1/AV:N").Field("rating", rating);
  w.EndObject();
  if (cve.empty()) {
    w.Key("cve").String("");
  } else {
    w.Field("cve", cve).Field("cve_link", "https://www.cve.org/CVERecord?id=" + cve);
  }
  w.Field("published", published).Field("updated", published);
  w.Key("copyrights").BeginObject();
  w.Field("message", "This record contains material that is copyright of Defiant, Inc.");
  w.Key("defiant").BeginObject();
  w.Field("notice", "Copyright 2012-2026 Defiant Inc.");
  w.Field("license", "Defiant Vulnerability Data License");
  w.Field("license_url", "https://www.wordfence.com/wordfence-intelligence-terms-and-conditions/");
  w.EndObject().EndObject();
  w.EndObject();
}

// Records for the bundled fixtures, the good and the bad.
size_t WriteFixtureRecords(JsonWriter& w) {
  WriteRecord(w, "fx-akismet-xss", "Akismet <= 5.3.1 - Authenticated Stored Cross-Site Scripting",
              {{.type = "plugin",
                .slug = "akismet",
                .ranges = {{.from = "*", .to = "5.3.1"}},
                .patched = "5.3.2"}},
              "CVE-2024-10001", "Medium");
  WriteRecord(w, "fx-cf7-upload", "Contact Form 7 6.0 - 6.0.1 - Unrestricted File Upload",
              {{.type = "plugin",
                .slug = "contact-form-7",
                .ranges = {{.from = "6.0", .to = "6.0.2", .to_inclusive = false},
                           {.from = "5.9.8", .to = "5.9.8"}},
                .patched = "6.0.2"}},
              "CVE-2024-10002", "Critical");
  WriteRecord(w, "fx-astra-csrf", "Astra 4.8.2 - 4.8.3 - Cross-Site Request Forgery",
              {{.type = "theme",
                .slug = "astra",
                .ranges = {{.from = "4.8.2", .from_inclusive = false, .to = "4.8.3"}},
                .patched = "4.8.4"}},
              "", "Low");
  WriteRecord(w, "fx-core", "WordPress Core < 6.5 - Information Exposure",
              {{.type = "core", .slug = "wordpress", .ranges = {{.to = "6.5"}}}}, "", "Medium");
  // Bad records: counted and skipped by the reader.
  WriteRecord(w, "fx-bad-version", "Classic Editor - bad range",
              {{.type = "plugin", .slug = "classic-editor", .ranges = {{.to = "1.6 beta"}}}}, "",
              "High");
  WriteRecord(w, "fx-bad-slug", "Bad slug",
              {{.type = "plugin", .slug = "../../etc", .ranges = {{.to = "1.0"}}}}, "", "High");
  WriteRecord(w, "fx-bad-date", "Bad date",
              {{.type = "plugin", .slug = "akismet", .ranges = {{.to = "1.0"}}}}, "", "High",
              "yesterday");
  w.Key("fx-not-an-object").String("this record is a string");
  w.Key("fx-no-title").BeginObject().Key("software").BeginArray().EndArray().EndObject();
  return 9;
}

std::string Version(Rng& rng) {
  std::string v = std::to_string(rng.Between(0, 12)) + "." + std::to_string(rng.Between(0, 20));
  if (rng.Chance(0.6)) {
    v += "." + std::to_string(rng.Between(0, 30));
  }
  if (rng.Chance(0.05)) {
    v += "." + std::to_string(rng.Between(1, 9));
  }
  if (rng.Chance(0.05)) {
    v += rng.Chance(0.5) ? "-beta" + std::to_string(rng.Between(1, 3)) : "-RC1";
  }
  return v;
}

std::vector<Range> Ranges(Rng& rng) {
  std::vector<Range> out;
  const double u = rng.Unit();
  if (u < 0.55) {
    out.push_back({.from = "*", .to = Version(rng), .to_inclusive = rng.Chance(0.7)});
  } else if (u < 0.75) {
    out.push_back({.from = "1.0", .to = Version(rng), .to_inclusive = false});
    out.back().from = std::to_string(rng.Between(0, 3)) + ".0";
    out.back().to = std::to_string(rng.Between(4, 9)) + "." + std::to_string(rng.Between(0, 9));
  } else if (u < 0.85) {
    const std::string v = Version(rng);
    out.push_back({.from = v, .to = v});
  } else if (u < 0.95) {
    out.push_back({.from = "*", .to = "1." + std::to_string(rng.Between(0, 9))});
    out.push_back(
        {.from = "2.0", .to = "2." + std::to_string(rng.Between(1, 9)), .to_inclusive = false});
  } else {
    out.push_back({.from = "*", .to = "*"});
  }
  return out;
}

}  // namespace

std::string RenderAdvisoryFeed(const Corpus& corpus, size_t records) {
  JsonWriter w(false);
  w.BeginObject();
  const size_t fixtures = WriteFixtureRecords(w);
  const Repo& plugins = corpus.repo(RepoType::kPlugin);
  const Repo& themes = corpus.repo(RepoType::kTheme);
  const size_t total_packages = plugins.size() + themes.size();
  const size_t wanted =
      records > 0 ? (records > fixtures ? records - fixtures : 0) : total_packages / 8;
  for (size_t i = 0; i < wanted && total_packages > 0; ++i) {
    Rng rng(StreamKey(corpus.seed(), kPurposeAdvisory, i));
    const size_t pick = records > 0 ? rng.Below(total_packages) : (i * 8) % total_packages;
    const bool plugin = pick < plugins.size();
    const Repo& repo = plugin ? plugins : themes;
    const std::string slug =
        repo.Slug(static_cast<uint32_t>(plugin ? pick : pick - plugins.size()));
    const std::string id = "syn-" + std::to_string(i);
    if (i % 500 == 499) {  // A bad one: a version Composer cannot parse.
      WriteRecord(w, id, "Bad synthetic record",
                  {{.type = plugin ? "plugin" : "theme",
                    .slug = slug,
                    .ranges = {{.to = "1.0-dev.1 final"}}}},
                  "", "Low");
      continue;
    }
    static constexpr const char* kRatings[] = {"Low", "Medium", "High", "Critical"};
    WriteRecord(w, id, slug + " - synthetic vulnerability " + std::to_string(i),
                {{.type = plugin ? "plugin" : "theme", .slug = slug, .ranges = Ranges(rng)}},
                rng.Chance(0.6) ? "CVE-2025-" + std::to_string(20000 + i) : "",
                kRatings[rng.Below(4)]);
  }
  w.EndObject();
  return w.Take();
}

}  // namespace wpp::fakewporg
