#include "supervision/status_report.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace switchyard::supervision;

namespace {

child_status row(std::string path, std::string state = "running", std::uint32_t restarts = 0,
                 std::uint64_t id = 1, bool is_supervisor = false) {
  return child_status{std::move(path), std::move(state), restarts, id, is_supervisor};
}

std::vector<std::string> paths_of(const std::vector<child_status>& rows) {
  std::vector<std::string> result;
  for (const auto& x : rows)
    result.push_back(x.path);
  return result;
}

} // namespace

TEST_SUITE("status_report") {
  TEST_CASE("lists the supervisor first and its children in order") {
    status_report report{row("node", "running", 0, 1, true)};
    report.add(row("node/a"));
    report.add(row("node/b"));
    CHECK(report.is_complete());
    CHECK(paths_of(report.rows()) == std::vector<std::string>{"node", "node/a", "node/b"});
  }

  TEST_CASE("splices a nested supervisor's rows in place under the parent's path") {
    status_report report{row("node", "running", 0, 1, true)};
    report.add(row("node/a"));
    auto slot = report.add_nested(row("node/connectors", "running", 2, 7, true));
    report.add(row("node/z"));
    CHECK_FALSE(report.is_complete());
    auto done = report.splice(
      slot, {row("conn", "running", 0, 7, true), row("conn/visa"), row("conn/visa/session")});
    CHECK(done);
    auto rows = report.rows();
    CHECK(paths_of(rows)
          == std::vector<std::string>{"node", "node/a", "node/connectors", "node/connectors/visa",
                                      "node/connectors/visa/session", "node/z"});
    CHECK(rows[2].restarts == 2);
    CHECK(rows[2].is_supervisor);
  }

  TEST_CASE("keeps the parent's row when a nested supervisor does not answer") {
    status_report report{row("node", "running", 0, 1, true)};
    auto first = report.add_nested(row("node/s1", "running", 1, 5, true));
    auto second = report.add_nested(row("node/s2", "running", 0, 6, true));
    CHECK_FALSE(report.skip(first));
    CHECK(report.splice(second, {row("s2", "running", 0, 6, true), row("s2/x")}));
    CHECK(report.rows()
          == std::vector<child_status>{row("node", "running", 0, 1, true),
                                       row("node/s1", "running", 1, 5, true),
                                       row("node/s2", "running", 0, 6, true), row("node/s2/x")});
  }

  TEST_CASE("counts each awaited slot only once") {
    status_report report{row("node")};
    auto slot = report.add_nested(row("node/s", "running", 0, 5, true));
    report.add_nested(row("node/t", "running", 0, 6, true));
    CHECK_FALSE(report.skip(slot));
    CHECK_FALSE(report.splice(slot, {row("s")}));
    CHECK_FALSE(report.is_complete());
  }

  TEST_CASE("a nested supervisor's own state shows while the parent sees it running") {
    auto rows = reroot(row("node/s", "running", 3, 5, true), {row("s", "stopping", 0, 5, true)});
    REQUIRE(rows.size() == 1);
    CHECK(rows[0] == row("node/s", "stopping", 3, 5, true));
    rows = reroot(row("node/s", "stopping", 3, 5, true), {row("s", "running", 0, 5, true)});
    CHECK(rows[0].state == "stopping");
  }

  TEST_CASE("rows outside the nested supervisor's name are still put under the parent's path") {
    auto rows = reroot(row("node/s"), {row("s"), row("other/x"), row("sx")});
    CHECK(paths_of(rows) == std::vector<std::string>{"node/s", "node/s/other/x", "node/s/sx"});
    CHECK(reroot(row("node/s"), {}) == std::vector<child_status>{row("node/s")});
  }
}
