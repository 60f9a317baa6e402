package cli

type eventsCmd struct{}

func (c *eventsCmd) Run(e *env) error { return nil }

type dyadCmd struct{}

func (c *dyadCmd) Run(e *env) error { return nil }

type demoCmd struct{}

func (c *demoCmd) Run(e *env) error { return nil }
