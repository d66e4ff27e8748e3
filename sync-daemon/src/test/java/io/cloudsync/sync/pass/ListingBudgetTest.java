package io.cloudsync.sync.pass;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListingBudgetTest {

  @Test
  void anInitialSyncLists() {
    // 2,000 new rows over 3 nodes: ~667 rows each, the container holds 2,000 objects
    ListingBudget budget = ListingBudget.of(667, 2_000);
    assertThat(budget.lists()).isTrue();
    assertThat(budget.maxKeys()).isEqualTo(667L * ListingBudget.KEYS_PER_ROW);
  }

  @Test
  void aFewChangedRowsInABigContainerDoNotList() {
    assertThat(ListingBudget.of(10, 20_000).lists()).isFalse();
    assertThat(ListingBudget.of(100, 20_000).lists()).as("5,000 keys would pay for 100 rows").isFalse();
    assertThat(ListingBudget.of(400, 20_000).lists()).isTrue();
  }

  @Test
  void fewerRowsThanOnePageCostsDoNotList() {
    assertThat(ListingBudget.of(ListingBudget.HEADS_PER_PAGE - 1, 0).lists()).isFalse();
    assertThat(ListingBudget.of(ListingBudget.HEADS_PER_PAGE, 0).lists()).isTrue();
  }

  @Test
  void theKeysReadAreBoundedWhateverTheRows() {
    assertThat(ListingBudget.of(1_000_000, 200_000).maxKeys()).isEqualTo(ListingBudget.MAX_KEYS);
    assertThat(ListingBudget.of(1_000_000, ListingBudget.MAX_KEYS + 1).lists()).isFalse();
  }
}
