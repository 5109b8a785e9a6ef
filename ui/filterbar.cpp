// The state tabs and the search box.
#include "filterbar.h"

#include "models/taskmodel.h"
#include "taskfilterproxy.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QLocale>
#include <QTabBar>

using StateFilter = TaskFilterProxy::StateFilter;

static constexpr StateFilter Filters[] = {
    StateFilter::All,    StateFilter::Active,   StateFilter::Queued, StateFilter::Completed,
    StateFilter::Failed, StateFilter::Canceled, StateFilter::Paused};

FilterBar::FilterBar(TaskModel *model, TaskFilterProxy *proxy, QWidget *parent)
    : QWidget(parent), m_model(model), m_proxy(proxy), m_tabs(new QTabBar(this)),
      m_search(new QLineEdit(this))
{
    m_tabs->setObjectName(QStringLiteral("stateFilter"));
    m_tabs->setAccessibleName(tr("Show downloads by state"));
    m_tabs->setDrawBase(false);
    m_tabs->setExpanding(false);
    m_tabs->setDocumentMode(true);
    for (int i = 0; i < static_cast<int>(std::size(Filters)); ++i)
        m_tabs->addTab(QString());

    m_search->setObjectName(QStringLiteral("searchBox"));
    m_search->setAccessibleName(tr("Search downloads"));
    m_search->setPlaceholderText(tr("Search name or URL"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(240);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_tabs);
    layout->addStretch();
    layout->addWidget(m_search);

    connect(m_tabs, &QTabBar::currentChanged, this,
            [this](int tab) { m_proxy->setStateFilter(Filters[qMax(0, tab)]); });
    connect(m_search, &QLineEdit::textChanged, m_proxy, &TaskFilterProxy::setSearchText);
    connect(m_model, &TaskModel::statsChanged, this, &FilterBar::updateCounts);
    updateCounts();
}

void FilterBar::updateCounts()
{
    const QLocale locale;
    const auto count = [this](TaskState state) { return m_model->countIn(state); };
    const QString texts[] = {
        tr("All (%1)").arg(locale.toString(m_model->rowCount())),
        tr("Active (%1)").arg(locale.toString(count(TaskState::Running))),
        tr("Queued (%1)").arg(locale.toString(count(TaskState::Queued))),
        tr("Completed (%1)").arg(locale.toString(count(TaskState::Completed))),
        tr("Failed (%1)").arg(locale.toString(count(TaskState::Failed))),
        tr("Canceled (%1)").arg(locale.toString(count(TaskState::Canceled))),
        tr("Paused (%1)").arg(locale.toString(count(TaskState::Paused))),
    };
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->tabText(i) != texts[i])
            m_tabs->setTabText(i, texts[i]);
    }
}
