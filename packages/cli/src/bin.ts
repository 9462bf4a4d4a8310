console.log('voip: not yet');
