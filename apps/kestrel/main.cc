// kestrel: the command-line front door. `kestrel help` or `kestrel <command> --help`.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <utility>
#include <vector>

#include "commands.h"

namespace kestrel::cli {

std::vector<CommandInfo>& command_table() {
  static std::vector<CommandInfo> table;
  return table;
}

bool register_command(const CommandInfo& info) {
  command_table().push_back(info);
  return true;
}

}  // namespace kestrel::cli

int main(int argc, char** argv) {
  using namespace kestrel::cli;
  CLI::App app{
      "Kestrel: a faster-than-real-time software twin of a Searcher-class reconnaissance UAV.\n"
      "Run `kestrel <command> --help` for the options of a command."};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show the help of every command");

  auto table = command_table();
  std::sort(table.begin(), table.end(),
            [](const CommandInfo& a, const CommandInfo& b) { return a.order < b.order; });
  std::vector<std::pair<CLI::App*, RunFn>> commands;
  for (const CommandInfo& c : table) {
    CLI::App* sub = app.add_subcommand(c.name, c.summary);
    commands.emplace_back(sub, c.setup(*sub));
  }
  CLI::App* help = app.add_subcommand("help", "Show this help");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (help->parsed()) {
    std::fputs(app.help().c_str(), stdout);
    return 0;
  }
  for (auto& [sub, run] : commands)
    if (sub->parsed()) {
      try {
        return run();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "kestrel %s: error: %s\n", sub->get_name().c_str(), e.what());
        return 1;
      }
    }
  return 0;
}
