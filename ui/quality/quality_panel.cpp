#include "quality/quality_panel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include "quality/face_details_view.h"
#include "quality/face_list_model.h"

namespace facecase::ui {

QualityPanel::QualityPanel(QWidget* parent) : QWidget(parent), m_model(new FaceListModel(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(8);

    auto* heading = new QLabel(tr("Faces"), this);
    QFont headingFont = heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.1);
    heading->setFont(headingFont);
    layout->addWidget(heading);

    m_photoInfo = new QLabel(this);
    m_photoInfo->setObjectName(QStringLiteral("photoInfo"));
    m_photoInfo->setForegroundRole(QPalette::PlaceholderText);
    m_photoInfo->setWordWrap(true);
    m_photoInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_photoInfo->hide();
    layout->addWidget(m_photoInfo);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("faceTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setTabKeyNavigation(false);  // Tab leaves the table; arrows move between faces
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setAcceptDrops(false);
    m_table->viewport()->setAcceptDrops(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(FaceListModel::QualityColumn,
                                                      QHeaderView::Stretch);
    m_table->setAccessibleName(tr("Faces found in the photo"));
    m_table->setMinimumHeight(120);

    m_placeholder = new QLabel(this);
    m_placeholder->setObjectName(QStringLiteral("facePlaceholder"));
    m_placeholder->setWordWrap(true);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setMargin(16);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_placeholder->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_placeholder);
    layout->addWidget(m_stack, 0);

    auto* line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);

    m_details = new FaceDetailsView(this);
    layout->addWidget(m_details, 0);
    layout->addStretch(1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                onCurrentRowChanged(current.isValid() ? current.row() : -1);
            });
    clear(tr("No photo yet."));
}

void QualityPanel::setFaces(std::vector<DetectedFace> faces, QList<QImage> chips) {
    const bool any = !faces.empty();
    m_chips = std::move(chips);
    m_selectedRow = -1;
    m_model->setFaces(std::move(faces));  // a reset: clears the table's selection
    m_details->clear();
    m_stack->setCurrentWidget(any ? static_cast<QWidget*>(m_table) : m_placeholder);
    m_details->setVisible(any);
    fitTableHeight();
}

void QualityPanel::appendFace(DetectedFace face, const QImage& chip) {
    m_chips.append(chip);
    m_model->appendFace(std::move(face));
    // "3 · hand" is wider than the detector's numbers the column was sized for.
    m_table->resizeColumnToContents(FaceListModel::NumberColumn);
    m_stack->setCurrentWidget(m_table);
    m_details->setVisible(true);
    fitTableHeight();
}

void QualityPanel::fitTableHeight() {
    // Tall enough for the faces (up to a crowd's first rows), so the details get the rest.
    constexpr int kMinRows = 4;
    constexpr int kMaxRows = 8;
    const int rows = std::clamp(m_model->faceCount(), kMinRows, kMaxRows);
    const int height = m_table->horizontalHeader()->sizeHint().height() +
                       rows * m_table->verticalHeader()->defaultSectionSize() +
                       2 * m_table->frameWidth();
    m_stack->setFixedHeight(height);
}

void QualityPanel::clear(const QString& placeholder) {
    setFaces({}, {});
    m_placeholder->setText(placeholder);
}

void QualityPanel::setPhotoInfo(const QString& text, const QString& toolTip) {
    m_photoInfo->setText(text);
    m_photoInfo->setToolTip(toolTip);
    m_photoInfo->setVisible(!text.isEmpty());
}

QString QualityPanel::placeholderText() const {
    return m_stack->currentWidget() == m_placeholder ? m_placeholder->text() : QString();
}

void QualityPanel::selectFace(int row) {
    if (row < 0 || row >= m_model->faceCount()) {
        m_table->selectionModel()->clear();
        onCurrentRowChanged(-1);
        return;
    }
    m_table->selectionModel()->setCurrentIndex(
        m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(m_model->index(row, 0));
}

void QualityPanel::onCurrentRowChanged(int row) {
    if (row == m_selectedRow) return;
    m_selectedRow = row;
    if (row < 0) {
        m_details->clear();
    } else {
        const QImage chip = row < m_chips.size() ? m_chips.at(row) : QImage();
        m_details->showFace(m_model->face(row), m_model->faceCount(), chip);
    }
    emit selectedFaceChanged(row);
}

}  // namespace facecase::ui
