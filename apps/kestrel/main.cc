// kestrel: the command-line front door. `kestrel help` or `kestrel <command> --help`.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
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
  app.name("kestrel");
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
  const std::string root_help =
      app.help();  // before parsing: afterwards help() follows the chosen subcommand

  if (argc >= 2 && argv[1][0] != '-') {
    const std::string first = argv[1];
    const bool known =
        first == "help" || std::any_of(table.begin(), table.end(),
                                       [&](const CommandInfo& c) { return first == c.name; });
    if (!known) {
      std::fprintf(stderr, "kestrel: unknown command '%s'; `kestrel help` lists the commands\n",
                   first.c_str());
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help prints and succeeds; every usage error (bad option, bad value) exits with 2.
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (help->parsed()) {
    std::fputs(root_help.c_str(), stdout);
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
