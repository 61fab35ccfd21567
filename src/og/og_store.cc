#include "og/og_store.h"

namespace wpp::og {
namespace {

// Descriptions are cut in SQL (substr counts characters) so a huge one never
// leaves the database whole; the renderer cuts again (docs/behaviour.md §15.1).
constexpr char kSelect[] =
    "SELECT p.id, p.type, p.name, COALESCE(p.display_name, ''), "
    "substr(COALESCE(p.description, ''), 1, 1500), COALESCE(p.current_version, ''), "
    "p.active_installs, p.wp_packages_installs_total, o.package_id IS NOT NULL, "
    "COALESCE(o.composer_installs, 0) "
    "FROM packages p LEFT JOIN og_images o ON o.package_id = p.id WHERE p.is_active = 1 ";

}  // namespace

base::Result<std::vector<Candidate>> OgStore::Pending(
    bool force, const std::optional<std::pair<base::PackageType, std::string>>& only) {
  std::string sql = kSelect;
  if (only) {
    sql += "AND p.type = ?1 AND p.name = ?2 ";
  } else if (!force) {
    sql += "AND (o.package_id IS NULL OR o.composer_installs != p.wp_packages_installs_total) ";
  }
  sql += "ORDER BY p.active_installs DESC, p.id";
  std::vector<Candidate> out;
  WPP_RETURN_IF_ERROR(db_.Guard("og pending packages", [&] {
    SQLite::Statement q(db_.sql(), sql);
    if (only) {
      q.bind(1, std::string(base::TypeName(only->first)));
      q.bind(2, only->second);
    }
    while (q.executeStep()) {
      const auto type = base::ParseType(q.getColumn(1).getString());
      if (!type) {
        continue;
      }
      Candidate c;
      c.package_id = q.getColumn(0).getInt64();
      c.card.type = *type;
      c.card.slug = q.getColumn(2).getString();
      c.card.display_name = q.getColumn(3).getString();
      c.card.description = q.getColumn(4).getString();
      c.card.version = q.getColumn(5).getString();
      c.card.active_installs = q.getColumn(6).getInt64();
      c.card.composer_installs = q.getColumn(7).getInt64();
      c.has_image = q.getColumn(8).getInt() != 0;
      c.previous_composer = q.getColumn(9).getInt64();
      out.push_back(std::move(c));
    }
  }));
  return out;
}

base::Status OgStore::Record(const std::vector<Generated>& done, const std::string& now) {
  if (done.empty()) {
    return base::Status::Ok();
  }
  return db_.InTransaction("og record images", [&]() -> base::Status {
    SQLite::Statement drawn(
        db_.sql(),
        "INSERT INTO og_images (key, package_id, active_installs, composer_installs, "
        "generated_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (key) DO UPDATE SET "
        "package_id = excluded.package_id, active_installs = excluded.active_installs, "
        "composer_installs = excluded.composer_installs, generated_at = excluded.generated_at");
    SQLite::Statement skipped(db_.sql(),
                              "UPDATE og_images SET composer_installs = ?2 WHERE package_id = ?1");
    for (const Generated& g : done) {
      if (g.drawn) {
        drawn.bind(1, g.key);
        drawn.bind(2, g.package_id);
        drawn.bind(3, g.active_installs);
        drawn.bind(4, g.composer_installs);
        drawn.bind(5, now);
        drawn.exec();
        drawn.reset();
      } else {
        skipped.bind(1, g.package_id);
        skipped.bind(2, g.composer_installs);
        skipped.exec();
        skipped.reset();
      }
    }
    return base::Status::Ok();
  });
}

base::Result<std::string> OgStore::DefaultFingerprint() {
  std::string fingerprint;
  WPP_RETURN_IF_ERROR(db_.Guard("og default fingerprint", [&] {
    SQLite::Statement q(db_.sql(), "SELECT fingerprint FROM og_images WHERE key = ?1");
    q.bind(1, std::string(kDefaultImageKey));
    if (q.executeStep()) {
      fingerprint = q.getColumn(0).getString();
    }
  }));
  return fingerprint;
}

base::Status OgStore::RecordDefault(const std::string& fingerprint, const std::string& now) {
  return db_.Guard("og record default", [&] {
    SQLite::Statement q(
        db_.sql(),
        "INSERT INTO og_images (key, fingerprint, generated_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, "
        "generated_at = excluded.generated_at");
    q.bind(1, std::string(kDefaultImageKey));
    q.bind(2, fingerprint);
    q.bind(3, now);
    q.exec();
  });
}

base::Result<bool> OgStore::HasImage(base::PackageType type, const std::string& slug) {
  bool found = false;
  WPP_RETURN_IF_ERROR(db_.Guard("og has image", [&] {
    SQLite::Statement q(db_.sql(), "SELECT 1 FROM og_images WHERE key = ?1");
    q.bind(1, PackageImageKey(type, slug));
    found = q.executeStep();
  }));
  return found;
}

}  // namespace wpp::og
