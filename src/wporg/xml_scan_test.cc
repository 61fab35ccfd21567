#include "wporg/xml_scan.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wpp::wporg {
namespace {

using ::testing::ElementsAre;

// Records "name=text" for wanted elements and "/name" for the others.
class Recorder final : public XmlEvents {
 public:
  explicit Recorder(std::vector<std::string> wanted) : wanted_(std::move(wanted)) {}
  bool Start(std::string_view name) override {
    return std::find(wanted_.begin(), wanted_.end(), name) != wanted_.end();
  }
  void End(std::string_view name, std::string_view text) override {
    const bool wanted = std::find(wanted_.begin(), wanted_.end(), name) != wanted_.end();
    events.push_back(wanted ? std::string(name) + "=" + std::string(text)
                            : "/" + std::string(name));
  }
  std::vector<std::string> events;

 private:
  std::vector<std::string> wanted_;
};

TEST(ScanXmlTest, ReportsLocalNamesAndDecodedText) {
  Recorder r({"href", "date"});

  const base::Status status = ScanXml(
      "<?xml version=\"1.0\"?><!-- c --><D:ms xmlns:D=\"DAV:\"><D:r a='x>y'><D:href>/a%20b/&amp;"
      "&#233;&#x41;&bogus;</D:href><D:empty/><lp1:date><![CDATA[<1>]]></lp1:date></D:r></D:ms>",
      r);

  ASSERT_TRUE(status.ok()) << status.error().message();
  EXPECT_THAT(r.events,
              ElementsAre("href=/a%20b/&\u00e9A&bogus;", "/empty", "date=<1>", "/r", "/ms"));
}

TEST(ScanXmlTest, RejectsBrokenStructure) {
  for (const char* xml :
       {"<a><b></a>", "<a>", "<a", "</a>", "<a><!-- x</a>", "<>", "<a><![CDATA[x</a>"}) {
    Recorder r({});

    const base::Status status = ScanXml(xml, r);

    ASSERT_FALSE(status.ok()) << xml;
    EXPECT_EQ(status.error().code(), base::ErrorCode::kDataLoss) << xml;
  }
}

TEST(ScanXmlTest, EmptyAndTextOnlyInputsAreFine) {
  Recorder r({});

  EXPECT_TRUE(ScanXml("", r).ok());
  EXPECT_TRUE(ScanXml("just text", r).ok());
  EXPECT_TRUE(r.events.empty());
}

}  // namespace
}  // namespace wpp::wporg
