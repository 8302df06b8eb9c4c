package io.cloudrig.doubles.ec2.actions;

import io.cloudrig.doubles.ec2.control.Faults;
import io.cloudrig.doubles.ec2.state.Ec2State;

/** What every action family works on: the state, the faults switched on, and the pagination tokens issued. */
public record ActionContext(Ec2State state, Faults faults, Paging paging) {
}
