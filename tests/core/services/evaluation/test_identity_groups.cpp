// IdentityGroups: the identity,group CSV of a subgroup breakdown, and the lines it refuses.
#include "services/evaluation/identity_groups.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace facecase;

class TestIdentityGroups : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QString write(const QByteArray& text) {
        static int n = 0;
        const QString path = m_dir.filePath(QStringLiteral("g%1.csv").arg(++n));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) qFatal("cannot write");
        return path;
    }

private slots:
    void readsRowsWithOrWithoutHeader() {
        auto g = IdentityGroups::read(write("identity,group\nAlice_A,female\n\"Bob, B\",male\n"));
        QVERIFY2(g.ok(), qPrintable(g.errorMessage()));
        QCOMPARE(g->size(), 2);
        QCOMPARE(g->value(QStringLiteral("Bob, B")), QStringLiteral("male"));
        auto semicolon = IdentityGroups::read(write("Alice_A;f\nCarl;m\n"));
        QVERIFY(semicolon.ok());
        QCOMPARE(semicolon->value(QStringLiteral("Carl")), QStringLiteral("m"));
    }

    void namesTheBadLine() {
        const auto error = [&](const QByteArray& text) {
            auto g = IdentityGroups::read(write(text));
            return g.ok() ? QString() : g.errorMessage();
        };
        QVERIFY(error("identity,group\na,x\nb,y,z\n").contains(QStringLiteral(".csv:3: expected 2 fields")));
        QVERIFY(error("a,x\n,y\n").contains(QStringLiteral(":2: empty identity or group")));
        QVERIFY(error("a,x\nb,y\na,y\n").contains(QStringLiteral(":3: identity a is already in group x")));
        QVERIFY(error("a,x\n\"b,y\n").contains(QStringLiteral(":2:")));
        QVERIFY(error("identity,group\n").contains(QStringLiteral("no identity,group rows")));
        auto missing = IdentityGroups::read(m_dir.filePath(QStringLiteral("none.csv")));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
    }
};

QTEST_APPLESS_MAIN(TestIdentityGroups)
#include "test_identity_groups.moc"
