#include "web/chart.h"

#include <algorithm>
#include <cstdio>

#include "base/text.h"
#include "web/format.h"

namespace wpp::web {
namespace {

constexpr double kLeft = 44, kTop = 20, kPlotWidth = 600, kPlotHeight = 160, kGap = 6;

// The smallest of 2, 5 or 10 × a power of ten that reaches max/4 (at least 1).
int64_t NiceStep(int64_t max) {
  const double target = std::max(1.0, static_cast<double>(max) / 4);
  double power = 1;
  while (power * 10 <= target) {
    power *= 10;
  }
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * power >= target) {
      return static_cast<int64_t>(m * power);
    }
  }
  return static_cast<int64_t>(10 * power);
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

std::string InstallsChart(const std::vector<api::MonthInstalls>& all) {
  std::vector<api::MonthInstalls> months(all.size() > 12 ? all.end() - 12 : all.begin(), all.end());
  int64_t max = 0;
  for (const auto& m : months) {
    max = std::max(max, m.installs);
  }
  if (months.empty() || max == 0) {
    return {};
  }
  const int64_t step = NiceStep(max);
  const int64_t top = (max + step - 1) / step * step;
  std::string svg =
      "<svg viewBox=\"0 0 648 208\" class=\"h-auto w-full\" role=\"img\" "
      "aria-label=\"Composer installs per month\">";
  for (int64_t tick = 0; tick <= top; tick += step) {
    const double y = kTop + kPlotHeight - kPlotHeight * static_cast<double>(tick) / top;
    svg += "<line x1=\"44\" x2=\"644\" y1=\"" + Num(y) + "\" y2=\"" + Num(y) +
           "\" class=\"stroke-gray-200 dark:stroke-gray-800\"/>";
    svg += "<text x=\"38\" y=\"" + Num(y + 3) +
           "\" text-anchor=\"end\" font-size=\"10\" class=\"fill-gray-500\">" + AxisLabel(tick) +
           "</text>";
  }
  const double n = static_cast<double>(months.size());
  const double width = std::min(48.0, (kPlotWidth - kGap * (n - 1)) / n);
  for (size_t i = 0; i < months.size(); ++i) {
    const auto& m = months[i];
    const double h = kPlotHeight * static_cast<double>(m.installs) / top;
    const double x = kLeft + static_cast<double>(i) * (width + kGap);
    const double y = kTop + kPlotHeight - h;
    const std::string label = base::XmlEscape(m.month) + ": " + Comma(m.installs) + " installs";
    svg += "<g class=\"group\"><title>" + label + "</title>";
    svg += "<rect x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" width=\"" + Num(width) +
           "\" height=\"" + Num(h) + "\" rx=\"" + (h < 6 ? "1" : "3") +
           "\" class=\"fill-brand/60 group-hover:fill-brand/90\"/>";
    svg += "<text x=\"" + Num(x + width / 2) + "\" y=\"" + Num(std::max(10.0, y - 4)) +
           "\" text-anchor=\"middle\" font-size=\"10\" class=\"fill-gray-700 opacity-0 "
           "group-hover:opacity-100 dark:fill-gray-300\">" +
           Comma(m.installs) + "</text>";
    svg += "<text x=\"" + Num(x + width / 2) +
           "\" y=\"200\" text-anchor=\"middle\" font-size=\"10\" class=\"fill-gray-500\">" +
           base::XmlEscape(m.month) + "</text></g>";
  }
  return svg + "</svg>";
}

}  // namespace wpp::web
