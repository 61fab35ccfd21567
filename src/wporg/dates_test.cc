#include "wporg/dates.h"

#include "gtest/gtest.h"

namespace wpp::wporg {
namespace {

TEST(ParseApiDateTest, AcceptsEveryDocumentedFormat) {
  EXPECT_EQ(ParseApiDate("2024-10-03 2:31pm GMT"), "2024-10-03T14:31:00Z");
  EXPECT_EQ(ParseApiDate("2024-10-03 12:05am GMT"), "2024-10-03T00:05:00Z");
  EXPECT_EQ(ParseApiDate("2024-10-03 12:05pm XYZ"), "2024-10-03T12:05:00Z");
  EXPECT_EQ(ParseApiDate("2024-10-03 11:59pm UTC"), "2024-10-03T23:59:00Z");
  EXPECT_EQ(ParseApiDate("2024-10-03 14:31:00"), "2024-10-03T14:31:00Z");
  EXPECT_EQ(ParseApiDate("2024-10-03T14:31:00"), "2024-10-03T14:31:00Z");
  EXPECT_EQ(ParseApiDate("2024-10-03T14:31:00Z"), "2024-10-03T14:31:00Z");
  EXPECT_EQ(ParseApiDate("2024-10-03T16:31:00+02:00"), "2024-10-03T14:31:00Z");
  EXPECT_EQ(ParseApiDate("2024-10-03"), "2024-10-03T00:00:00Z");
}

TEST(ParseApiDateTest, RejectsAnythingElse) {
  for (const char* text :
       {"", "yesterday", "2024-13-01", "2024-02-30", "2023-02-29", "2024-10-03 2:31PM GMT",
        "2024-10-03 13:31pm GMT", "2024-10-03 25:00:00", "2024-10-03 14:31:00 ", "03/10/2024",
        "1012-10-03 2:31pm GMT", "9999-01-01"}) {
    EXPECT_EQ(ParseApiDate(text), std::nullopt) << text;
  }
  EXPECT_EQ(ParseApiDate("2024-02-29"), "2024-02-29T00:00:00Z");
}

TEST(ParseRfc3339Test, TruncatesFractions) {
  EXPECT_EQ(ParseRfc3339("2026-03-15T10:00:00.000000Z"), "2026-03-15T10:00:00Z");
  EXPECT_EQ(ParseRfc3339("2026-03-15T10:00:00.9-01:30"), "2026-03-15T11:30:00Z");
  EXPECT_EQ(ParseRfc3339("2026-03-15 10:00:00Z"), std::nullopt);
}

TEST(ParseHttpDateTest, ReadsImfFixdate) {
  EXPECT_EQ(ParseHttpDate("Thu, 03 Oct 2024 14:31:00 GMT"), "2024-10-03T14:31:00Z");
  EXPECT_EQ(ParseHttpDate("Thu, 03 Foo 2024 14:31:00 GMT"), std::nullopt);
  EXPECT_EQ(ParseHttpDate("garbage"), std::nullopt);
}

}  // namespace
}  // namespace wpp::wporg
