// hairplan: the program's entry point.
#include "cli.hpp"

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    try {
        return hp::cli::run(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
    } catch (const std::exception& e) {
        std::cerr << "hairplan: internal error: " << e.what() << '\n';
    } catch (...) {
        std::cerr << "hairplan: internal error\n";
    }
    return hp::cli::kExitInternal;
}
