// PackageStore's statements on packages.deployed_hash: what the object-store
// sync records about which packages' files the bucket holds.

#include "base/package_type.h"
#include "packages/package_store.h"

namespace wpp::packages {

base::Result<int> PackageStore::StampDeployed() {
  int changed = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("stamping deployed_hash", [&] {
    changed = db_.sql().exec(
        "UPDATE packages SET deployed_hash = COALESCE(content_hash, '1') WHERE is_active = 1 AND "
        "(deployed_hash IS NULL OR (content_hash IS NOT NULL AND deployed_hash != content_hash))");
  }));
  return changed;
}

base::Result<std::vector<std::string>> PackageStore::DeployedOrphans() {
  std::vector<std::string> names;
  WPP_RETURN_IF_ERROR(db_.Guard("listing orphaned packages", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT type, name FROM packages WHERE is_active = 0 AND "
                        "deployed_hash IS NOT NULL ORDER BY type, name");
    while (q.executeStep()) {
      names.push_back("wp-" + q.getColumn(0).getString() + "/" + q.getColumn(1).getString());
    }
  }));
  return names;
}

base::Status PackageStore::ClearDeployed(const std::vector<std::string>& names) {
  if (names.empty()) {
    return base::Status::Ok();
  }
  return db_.InTransaction("clearing deployed_hash", [&]() -> base::Status {
    SQLite::Statement update(
        db_.sql(), "UPDATE packages SET deployed_hash = NULL WHERE type = ? AND name = ?");
    for (const std::string& name : names) {
      const auto split = base::SplitComposerName(name);
      if (!split) {
        continue;
      }
      update.bind(1, std::string(base::TypeName(split->first)));
      update.bind(2, split->second);
      update.exec();
      update.reset();
    }
    return base::Status::Ok();
  });
}

}  // namespace wpp::packages
