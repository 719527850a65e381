// hairplan: the editor, or a command-line command (plan-format.md §4).
#include "cli.hpp"
#include "editor_window.hpp"

#include <cstdlib>
#include <exception>
#include <iostream>

namespace {

bool isCommand(const std::string& arg) {
    return arg == "summary" || arg == "validate" || arg == "export" || arg == "--help" ||
           arg == "-h" || arg == "help" || arg == "--version";
}

// hairplan [FILE] [--frames N] [--screenshot PNG] [--content-scale S]
int editor(const std::vector<std::string>& args) {
    hp::app::WindowOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == "--frames" && hasValue) {
            options.frames = std::atoi(args[++i].c_str());
        } else if (a == "--screenshot" && hasValue) {
            options.screenshot = args[++i];
        } else if (a == "--content-scale" && hasValue) {
            options.contentScale = static_cast<float>(std::atof(args[++i].c_str()));
        } else if (!a.empty() && a[0] == '-') {
            std::cerr << "hairplan: unknown option " << a << " (see hairplan --help)\n";
            return hp::cli::kExitBadInput;
        } else if (!options.file) {
            options.file = a;
        } else {
            std::cerr << "hairplan: the editor opens one file at a time (see hairplan --help)\n";
            return hp::cli::kExitBadInput;
        }
    }
    return hp::app::runEditor(options);
}

} // namespace

int main(int argc, char** argv) {
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        if (!args.empty() && isCommand(args[0])) return hp::cli::run(args, std::cout, std::cerr);
        return editor(args);
    } catch (const std::exception& e) {
        std::cerr << "hairplan: internal error: " << e.what() << '\n';
    } catch (...) {
        std::cerr << "hairplan: internal error\n";
    }
    return hp::cli::kExitInternal;
}
