#include "cli_runner.h"

#include <QJsonDocument>
#include <QProcess>

namespace facecase::test {

QString cliPath() { return QStringLiteral(FACECASE_CLI_PATH); }

CliRun runCli(const QStringList& args, int timeoutMs) {
    QProcess p;
    p.start(cliPath(), args);
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
