#include "ingest/package_update.h"

#include "gmock/gmock.h"

#include "ingest/test_env.h"

namespace wpp::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using wporg::PackageType;

constexpr char kPropfindAkismet[] =
    "<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/plugins/akismet/tags/</D:href>"
    "</D:response><D:response><D:href>/plugins/akismet/tags/5.3/</D:href><D:propstat><D:prop>"
    "<D:creationdate>2023-09-01T10:00:00.000000Z</D:creationdate></D:prop></D:propstat>"
    "</D:response><D:response><D:href>/plugins/akismet/tags/v5.3.1/</D:href><D:propstat>"
    "<D:prop><D:creationdate>2023-10-01T10:00:00Z</D:creationdate></D:prop></D:propstat>"
    "</D:response></D:multistatus>";

class PackageUpdateTest : public IngestTest {
 protected:
  packages::StoredPackage Stored(const std::string& type, const std::string& name) {
    packages::StoredPackage p;
    p.id = 1;
    p.type = type;
    p.name = name;
    p.is_active = true;
    p.versions_json = "{}";
    return p;
  }

  wporg::Client client_ = client();
};

// PKG-05
TEST_F(PackageUpdateTest, NormalizeAndStoreHidesUnpublishedStableTags) {
  wporg::PackageInfo info;
  info.version = "10.7.0";
  info.versions = {{"10.6.0", "a"}, {"10.7.0", "b"}, {"10.8.0", "c"}, {"dev-trunk", "d"}};

  const StoredVersions stored = NormalizeAndStore(info);

  EXPECT_EQ(stored.versions.size(), 3u);
  EXPECT_TRUE(stored.pending_stable);
  EXPECT_EQ(stored.latest, "10.7.0");
  EXPECT_EQ(stored.versions_json, R"({"10.6.0":"a","10.7.0":"b","dev-trunk":"d"})");
}

TEST_F(PackageUpdateTest, NoVersionsKeepTheApiVersion) {
  wporg::PackageInfo info;
  info.version = "1.0";

  const StoredVersions stored = NormalizeAndStore(info);

  EXPECT_EQ(stored.versions_json, "{}");
  EXPECT_FALSE(stored.pending_stable);
  EXPECT_EQ(stored.latest, std::nullopt);
}

TEST_F(PackageUpdateTest, VersionTimesPreferTagFolderDates) {
  const std::vector<wporg::DavEntry> folders = {{"5.3", "2023-09-01T10:00:00Z"},
                                                {"v5.3.1", "2023-10-01T10:00:00Z"}};

  auto times = VersionTimes({{"5.3", "u"}, {"5.3.1", "u"}, {"5.3.2", "u"}, {"dev-trunk", "u"}},
                            &folders, "2026-03-13T14:00:00Z");

  ASSERT_EQ(times.size(), 3u);
  EXPECT_EQ(times[0].published_at + " " + times[0].source, "2023-09-01T10:00:00Z svn");
  EXPECT_EQ(times[1].published_at + " " + times[1].source, "2023-10-01T10:00:00Z svn");
  EXPECT_EQ(times[2].published_at + " " + times[2].source, "2026-03-13T14:00:00Z mirror");
}

TEST_F(PackageUpdateTest, FirstSyncMapsTheAnswerAndDatesVersionsByPropfind) {
  ServeFixture(PackageType::kPlugin, "akismet");
  http_.Respond("http://svn.test/plugins/akismet/tags/", 207, kPropfindAkismet);

  const PackageOutcome out = UpdatePackage(client_, clock_, Stored("plugin", "akismet"), 7);

  ASSERT_EQ(out.kind, PackageOutcome::Kind::kUpdated) << out.error;
  const packages::PackageRow& row = out.write.row;
  EXPECT_EQ(row.name, "akismet");
  EXPECT_EQ(row.current_version, "5.3.3");
  EXPECT_EQ(row.wporg_version, "5.3.3");
  EXPECT_EQ(row.last_sync_run_id, 7);
  EXPECT_EQ(row.content_hash, "69301cb1db5a4554c873d9fd957834a3d586c3cbda7a20027855fbd6f22b5ba7");
  EXPECT_EQ(row.content_changed_at, "2026-03-13T14:00:00Z");
  EXPECT_EQ(row.last_synced_at, "2026-03-13T14:00:00Z");  // Changed: advance.
  EXPECT_TRUE(out.changed);
  EXPECT_THAT(row.version_times, ElementsAre(Field(&packages::VersionTime::source, "svn"),
                                             Field(&packages::VersionTime::source, "svn"),
                                             Field(&packages::VersionTime::source, "mirror"),
                                             Field(&packages::VersionTime::source, "mirror")));
}

TEST_F(PackageUpdateTest, FailedPropfindKeepsThePackageDirtyWithoutTimes) {
  ServeFixture(PackageType::kPlugin, "akismet");
  http_.Respond("http://svn.test/plugins/akismet/tags/", 503, "");

  const PackageOutcome out = UpdatePackage(client_, clock_, Stored("plugin", "akismet"), 1);

  ASSERT_EQ(out.kind, PackageOutcome::Kind::kUpdated);
  EXPECT_TRUE(out.times_pending);
  EXPECT_TRUE(out.write.row.version_times.empty());
  EXPECT_EQ(out.write.row.last_synced_at, std::nullopt);
}

TEST_F(PackageUpdateTest, LaterSyncsDateNewVersionsWithoutPropfind) {
  ServeFixture(PackageType::kTheme, "astra");
  packages::StoredPackage stored = Stored("theme", "astra");
  stored.versions_json = R"({"4.8.2":"x"})";
  stored.recorded_versions = 1;
  stored.content_hash = "old";

  const PackageOutcome out = UpdatePackage(client_, clock_, stored, 1);

  ASSERT_EQ(out.kind, PackageOutcome::Kind::kUpdated);
  EXPECT_EQ(http_.sent().size(), 1u);
  // 4.8.2 was dated when it was first stored.
  EXPECT_THAT(out.write.row.version_times,
              ElementsAre(Field(&packages::VersionTime::version, "4.8.3"),
                          Field(&packages::VersionTime::version, "4.8.4")));
  EXPECT_EQ(out.write.row.description,
            "Starter Templates lets you build beautiful WordPress websites with starter "
            "templates.");
}

TEST_F(PackageUpdateTest, UnchangedRecentCommitIsRetried) {
  ServeFixture(PackageType::kTheme, "twentytwentyfive");
  packages::StoredPackage stored = Stored("theme", "twentytwentyfive");
  const PackageOutcome first = UpdatePackage(client_, clock_, stored, 1);
  stored.versions_json = first.write.row.versions_json;
  stored.content_hash = first.write.row.content_hash;
  stored.recorded_versions = 2;
  stored.last_committed = "2026-03-13T13:00:00Z";

  const PackageOutcome again = UpdatePackage(client_, clock_, stored, 2);

  EXPECT_FALSE(again.changed);
  EXPECT_EQ(again.decision, SyncDecision::kRetry);
  EXPECT_EQ(again.write.row.last_synced_at, std::nullopt);
  EXPECT_EQ(again.write.row.content_changed_at, std::nullopt);
}

TEST_F(PackageUpdateTest, ClosuresBecomeTombstonesOrDeactivations) {
  http_.Respond(InfoUrl(PackageType::kPlugin, "yalw"), 404,
                ReadTestdata("inline/wporg/api_closed_permanent.json"));
  http_.Respond(InfoUrl(PackageType::kPlugin, "temp"), 404,
                ReadTestdata("inline/wporg/api_closed_temporary.json"));

  const PackageOutcome permanent = UpdatePackage(client_, clock_, Stored("plugin", "yalw"), 1);
  const PackageOutcome temporary = UpdatePackage(client_, clock_, Stored("plugin", "temp"), 1);

  EXPECT_EQ(permanent.kind, PackageOutcome::Kind::kTombstoned);
  EXPECT_EQ(permanent.write.kind, packages::UpdateWrite::Kind::kTombstone);
  EXPECT_EQ(temporary.kind, PackageOutcome::Kind::kDeactivated);
  EXPECT_EQ(temporary.write.row.name, "temp");
}

TEST_F(PackageUpdateTest, TransientAndMalformedAnswersFail) {
  http_.Respond(InfoUrl(PackageType::kPlugin, "busy"), 503, "");
  http_.Respond(InfoUrl(PackageType::kPlugin, "broken"), 200, "{\"slug\":\"bro");

  const PackageOutcome busy = UpdatePackage(client_, clock_, Stored("plugin", "busy"), 1);
  const PackageOutcome broken = UpdatePackage(client_, clock_, Stored("plugin", "broken"), 1);

  EXPECT_EQ(busy.kind, PackageOutcome::Kind::kFailed);
  EXPECT_FALSE(busy.malformed);
  EXPECT_EQ(broken.kind, PackageOutcome::Kind::kFailed);
  EXPECT_TRUE(broken.malformed);
}

// A proxy's 404 page or a repaired closure answer never deactivates.
TEST_F(PackageUpdateTest, NotFoundWithoutTheApisJsonOrWithRepairedBytesFails) {
  http_.Respond(InfoUrl(PackageType::kPlugin, "html"), 404,
                "<html><body><h1>404 Not Found</h1></body></html>");
  http_.Respond(InfoUrl(PackageType::kPlugin, "empty"), 404, "");
  http_.Respond(InfoUrl(PackageType::kPlugin, "mangled"), 404,
                "{\"error\":\"closed\",\"description\":\"gone \xff\"}");
  http_.Respond(InfoUrl(PackageType::kPlugin, "json"), 404, "{\"error\":\"Plugin not found.\"}");

  for (const char* slug : {"html", "empty", "mangled"}) {
    const PackageOutcome out = UpdatePackage(client_, clock_, Stored("plugin", slug), 1);
    EXPECT_EQ(out.kind, PackageOutcome::Kind::kFailed) << slug;
    EXPECT_FALSE(out.error.empty()) << slug;
  }
  EXPECT_EQ(UpdatePackage(client_, clock_, Stored("plugin", "json"), 1).kind,
            PackageOutcome::Kind::kDeactivated);
}

TEST_F(PackageUpdateTest, TheRequestedSlugNamesTheRow) {
  http_.Respond(InfoUrl(PackageType::kPlugin, "asked"), 200,
                R"({"slug":"other","version":"1.0","versions":{}})");

  const PackageOutcome out = UpdatePackage(client_, clock_, Stored("plugin", "asked"), 1);

  ASSERT_EQ(out.kind, PackageOutcome::Kind::kUpdated);
  EXPECT_EQ(out.write.row.name, "asked");
}

}  // namespace
}  // namespace wpp::ingest
