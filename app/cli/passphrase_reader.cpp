#include "cli/passphrase_reader.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "cli/cli_support.h"

namespace facecase::cli {

namespace {
std::optional<QString> readLine(std::FILE* in) {
    std::string line;
    for (int c = std::fgetc(in); c != EOF && c != '\n'; c = std::fgetc(in)) line.push_back(char(c));
    if (line.empty() && std::feof(in)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    QString text = QString::fromStdString(line);
    std::fill(line.begin(), line.end(), '\0');  // no copy of the passphrase left behind
    return text;
}
}  // namespace

std::optional<QString> PassphraseReader::read(const QString& prompt) const {
    if (m_fromStdin) {
        auto line = readLine(stdin);
        if (!line) printError(QStringLiteral("standard input ended before the passphrase (%1)").arg(prompt));
        return line;
    }
    if (!isatty(STDIN_FILENO)) {
        printError(QStringLiteral("the supervisor passphrase is read from a terminal; without one, "
                                  "pass --passphrase-stdin and write it to standard input"));
        return std::nullopt;
    }
    std::fprintf(stderr, "%s: ", qPrintable(prompt));
    std::fflush(stderr);
    termios saved{};
    const bool canHide = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (canHide) {
        termios hidden = saved;
        hidden.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden);
    }
    auto line = readLine(stdin);
    if (canHide) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fputc('\n', stderr);
    return line;
}

}  // namespace facecase::cli
