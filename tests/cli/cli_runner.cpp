#include "cli_runner.h"

#include <QJsonDocument>
#include <QProcess>

namespace facecase::test {

QString cliPath() { return QStringLiteral(FACECASE_CLI_PATH); }

CliRun runCli(const QStringList& args, int timeoutMs) { return runCliWithInput(args, {}, timeoutMs); }

CliRun runCliWithInput(const QStringList& args, const QByteArray& input, int timeoutMs) {
    QProcess p;
    p.start(cliPath(), args);
    if (!input.isEmpty()) p.write(input);
    p.closeWriteChannel();
    CliRun run;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        run.err = "timed out";
        return run;
    }
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

QList<QJsonObject> jsonLines(const QByteArray& out) {
    QList<QJsonObject> objects;
    for (const QByteArray& line : out.split('\n'))
        if (!line.trimmed().isEmpty()) objects << QJsonDocument::fromJson(line).object();
    return objects;
}

}  // namespace facecase::test
