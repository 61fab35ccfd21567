// The database side of publishing: what the bucket holds is recorded on
// builds (BuildStore) and packages (PackageStore), each table's one owner.

#pragma once

#include "base/clock.h"
#include "db/database.h"
#include "packages/package_store.h"
#include "repository/build_store.h"

namespace wpp::publish {

struct Records {
  Records(db::Database& db, base::Clock& clock) : builds(db, clock), packages(db, clock) {}
  repository::BuildStore builds;
  packages::PackageStore packages;
};

// The two bucket keys of a Composer name: "p2/<name>.json", "p2/<name>~dev.json".
inline std::vector<std::string> PackageKeys(const std::string& name) {
  return {"p2/" + name + ".json", "p2/" + name + "~dev.json"};
}

}  // namespace wpp::publish
