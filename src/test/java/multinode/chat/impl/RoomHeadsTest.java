package multinode.chat.impl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a node tells its sockets to resynchronise, fed with hand-made sightings and store heads. */
class RoomHeadsTest {

  private final RoomHeads heads = new RoomHeads();

  @Test
  void messagesOfTheKnownEpochNeverAskForAResync() {
    assertThat(heads.seen("r", "e1", 1)).isFalse();
    assertThat(heads.seen("r", "e1", 3)).isFalse();
    assertThat(heads.seen("r", "e1", 2)).isFalse();
    assertThat(heads.check("r", "e1", 3)).isFalse();
  }

  @Test
  void anotherEpochAsksForAResyncOnce() {
    heads.seen("r", "e1", 4);

    assertThat(heads.seen("r", "e2", 1)).isTrue();
    assertThat(heads.seen("r", "e2", 2)).isFalse();
    assertThat(heads.check("r", "e3", 7)).isTrue();
    assertThat(heads.check("r", "e3", 7)).isFalse();
    assertThat(heads.check("r", null, 0)).as("the store lost the room").isTrue();
  }

  @Test
  void theStoreAheadCountsOnlyWhenItIsStillAheadAtTheNextCheck() {
    heads.seen("r", "e1", 5);

    assertThat(heads.check("r", "e1", 7)).as("messages 6 and 7 may be on their way").isFalse();
    heads.seen("r", "e1", 7);
    assertThat(heads.check("r", "e1", 9)).isFalse();
    assertThat(heads.check("r", "e1", 9)).as("8 and 9 never arrived").isTrue();
    assertThat(heads.check("r", "e1", 9)).isFalse();
  }

  @Test
  void theStoreBehindWhatWasSeenAsksForAResync() {
    heads.seen("r", "e1", 5);

    assertThat(heads.check("r", "e1", 3)).isTrue();
  }

  @Test
  void aRoomFirstSeenOrForgottenStartsWithoutAResync() {
    assertThat(heads.check("r", "e1", 5)).isFalse();
    heads.forget("r");
    assertThat(heads.seen("r", "e2", 1)).isFalse();
  }
}
