#pragma once

#include <QString>
#include <optional>

namespace facecase::cli {

// Reads the supervisor passphrase: from the terminal with echo off (a prompt on stderr), or,
// with --passphrase-stdin, one line from standard input (scripts, tests). Never from an option
// or an environment variable: those end up in shell history and /proc/<pid>/environ.
class PassphraseReader {
public:
    explicit PassphraseReader(bool fromStdin) : m_fromStdin(fromStdin) {}

    // The line without its line ending; nullopt (after printing why) when there is no terminal
    // and no --passphrase-stdin, or input ended.
    std::optional<QString> read(const QString& prompt) const;

private:
    bool m_fromStdin = false;
};

}  // namespace facecase::cli
