#include "evaluation/labeled_folder_set.h"
#include "support/test_data.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace facecase;

class TestLabeledFolderSet : public QObject {
    Q_OBJECT
private slots:
    void readsIdentitiesInOrder() {
        QTemporaryDir dir;
        const auto touch = [&](const QString& rel) {
            QDir(dir.path()).mkpath(QFileInfo(dir.filePath(rel)).path());
            QFile f(dir.filePath(rel));
            QVERIFY(f.open(QIODevice::WriteOnly));
        };
        touch(QStringLiteral("Bob/b2.jpg"));
        touch(QStringLiteral("Bob/b1.png"));
        touch(QStringLiteral("Bob/notes.txt"));
        touch(QStringLiteral("Ann/a1.jpg"));
        touch(QStringLiteral("Empty/readme.md"));
        touch(QStringLiteral("loose.jpg"));
        auto set = LabeledFolderSet::read(dir.path());
        QVERIFY2(set.ok(), qPrintable(set.errorMessage()));
        QCOMPARE(set->size(), std::size_t(2));
        QCOMPARE(set->at(0).name, QStringLiteral("Ann"));
        QCOMPARE(set->at(1).photos.size(), 2);
        QVERIFY(set->at(1).photos[0].endsWith(QStringLiteral("Bob/b1.png")));
        QCOMPARE(LabeledFolderSet::photoCount(*set), 3);
    }

    void refusesMissingOrEmpty() {
        auto missing = LabeledFolderSet::read(QStringLiteral("/nonexistent/lfw"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.errorMessage(), QStringLiteral("/nonexistent/lfw: labeled photo folder not found"));
        QTemporaryDir empty;
        auto none = LabeledFolderSet::read(empty.path());
        QVERIFY(!none.ok());
        QVERIFY(none.errorMessage().contains(QStringLiteral("no identity folders")));
    }

    void readsLfwDevTest() {
        FACECASE_REQUIRE_TESTDATA();
        auto set = LabeledFolderSet::read(test::testDataPath(QStringLiteral("lfw-devtest/images")));
        QVERIFY2(set.ok(), qPrintable(set.errorMessage()));
        QCOMPARE(set->size(), std::size_t(1711));
        QCOMPARE(LabeledFolderSet::photoCount(*set), 3708);
    }
};

QTEST_GUILESS_MAIN(TestLabeledFolderSet)
#include "test_labeled_folder_set.moc"
