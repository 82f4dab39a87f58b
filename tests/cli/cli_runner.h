#pragma once
// Runs the real facecase-cli binary for end-to-end tests (compiled into each CLI test, which
// defines FACECASE_CLI_PATH).

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace facecase::test {

struct CliRun {
    int exitCode = -1;  // -1: crashed or timed out
    QByteArray out;
    QByteArray err;
};

QString cliPath();
CliRun runCli(const QStringList& args, int timeoutMs = 120'000);
// The same with `input` written to its standard input (then closed).
CliRun runCliWithInput(const QStringList& args, const QByteArray& input, int timeoutMs = 120'000);
// Every non-empty stdout line parsed as a JSON object (JSON Lines output).
QList<QJsonObject> jsonLines(const QByteArray& out);

}  // namespace facecase::test
